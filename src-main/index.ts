/** The Electron entry. It stays tiny; everything lives in shell/. */
import { runApp } from './shell/app'

// This bundle is out/main/index.js, so __dirname locates the preload and renderer next to it.
void runApp({ mainDir: __dirname })
