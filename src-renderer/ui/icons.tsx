import type { ReactNode } from 'react'

/** Small line icons drawn for this app (24-unit grid, currentColor), usable inside other SVGs. */
interface IconProps {
  size?: number
  x?: number
  y?: number
  className?: string
}

function Icon({ size = 16, x, y, className, children }: IconProps & { children: ReactNode }) {
  return (
    <svg
      width={size}
      height={size}
      x={x}
      y={y}
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.8}
      strokeLinecap="round"
      strokeLinejoin="round"
      className={className}
      aria-hidden="true"
      focusable="false"
    >
      {children}
    </svg>
  )
}

const rays = Array.from({ length: 8 }, (_, i) => {
  const a = (i * Math.PI) / 4
  const p = (r: number) => `${(12 + r * Math.cos(a)).toFixed(2)} ${(12 + r * Math.sin(a)).toFixed(2)}`
  return `M${p(7)}L${p(9.8)}`
}).join('')

export const SunIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="4.2" />
    <path d={rays} />
  </Icon>
)

export const HouseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3.5 11.2 12 4l8.5 7.2" />
    <path d="M6 9.6V20h12V9.6" />
    <path d="M10 20v-5.2h4V20" />
  </Icon>
)

export const BatteryIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="2.5" y="7" width="17" height="10" rx="2.2" />
    <path d="M22 10.5v3" />
    <path d="M11.8 9.2 9.6 12.4h3l-2.2 3.2" />
  </Icon>
)

export const GridIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M7.5 21 12 3l4.5 18" />
    <path d="M4.5 7.5h15M6 12h12" />
    <path d="M9.3 14.5l5.1 4M14.7 14.5l-5.1 4" />
  </Icon>
)

export const CarIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 16.5H3.5a1 1 0 0 1-1-1v-3.3a2 2 0 0 1 .9-1.7L5.5 9l1.7-3.1A2 2 0 0 1 9 4.9h6a2 2 0 0 1 1.8 1.1L18.5 9l2.1 1.5a2 2 0 0 1 .9 1.7v3.3a1 1 0 0 1-1 1H20" />
    <path d="M5.5 9h13" />
    <path d="M9.8 16.5h4.4" />
    <circle cx="7" cy="16.5" r="2" />
    <circle cx="17" cy="16.5" r="2" />
  </Icon>
)

// A gear drawn from its teeth rather than copied from an icon set.
const gearPath = (() => {
  const teeth = 8
  const points: string[] = []
  for (let i = 0; i < teeth * 4; i++) {
    const a = (i / (teeth * 4)) * Math.PI * 2 - Math.PI / (teeth * 4)
    const r = i % 4 < 2 ? 9.6 : 7.4
    points.push(`${(12 + r * Math.cos(a)).toFixed(2)} ${(12 + r * Math.sin(a)).toFixed(2)}`)
  }
  return `M${points.join('L')}Z`
})()

export const GearIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d={gearPath} />
    <circle cx="12" cy="12" r="3" />
  </Icon>
)

export const WarningIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 3.5 2.5 20h19z" />
    <path d="M12 10v4.5M12 17.2v.1" />
  </Icon>
)

export const ArrowLeftIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M19 12H5M11 6l-6 6 6 6" />
  </Icon>
)

export const CloseIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 6l12 12M18 6 6 18" />
  </Icon>
)

export const UserIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="8" r="3.6" />
    <path d="M4.5 20a7.5 7.5 0 0 1 15 0" />
  </Icon>
)

export const SlidersIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 7h10M18 7h2M4 17h4M12 17h8" />
    <circle cx="16" cy="7" r="2" />
    <circle cx="10" cy="17" r="2" />
  </Icon>
)

export const BellIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M6 16.5V11a6 6 0 0 1 12 0v5.5l1.5 1.5h-15z" />
    <path d="M10 20.5a2 2 0 0 0 4 0" />
  </Icon>
)

export const InfoIcon = (p: IconProps) => (
  <Icon {...p}>
    <circle cx="12" cy="12" r="9" />
    <path d="M12 11v5.5M12 7.6v.1" />
  </Icon>
)

export const PlugIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M9 3v4.5M15 3v4.5" />
    <path d="M6.5 7.5h11v3a5.5 5.5 0 0 1-11 0z" />
    <path d="M12 16v5" />
  </Icon>
)

export const TagIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M3.5 12.2V4.5a1 1 0 0 1 1-1h7.7l8.3 8.3a1.4 1.4 0 0 1 0 2l-6.4 6.4a1.4 1.4 0 0 1-2 0z" />
    <circle cx="8.3" cy="8.3" r="1.5" />
  </Icon>
)

export const ChevronRightIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m9.5 6 6 6-6 6" />
  </Icon>
)

export const ChevronDownIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m6 9.5 6 6 6-6" />
  </Icon>
)

export const PlusIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 5v14M5 12h14" />
  </Icon>
)

export const TrashIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4.5 7h15M9.5 7V4.5h5V7" />
    <path d="M6.5 7l1 12.5h9l1-12.5" />
    <path d="M10.2 10.5v6M13.8 10.5v6" />
  </Icon>
)

export const CheckIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="m5 12.5 4.5 4.5L19 7.5" />
  </Icon>
)

export const ChartIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M4 4.5V19.5H20" />
    <path d="m7.5 14.5 3.5-4 3 2.5 4.5-6" />
  </Icon>
)

export const DownloadIcon = (p: IconProps) => (
  <Icon {...p}>
    <path d="M12 4.5v10.5" />
    <path d="m7.5 11 4.5 4.5 4.5-4.5" />
    <path d="M5 19.5h14" />
  </Icon>
)

/** An always-on machine elsewhere: remote mode. */
export const ServerIcon = (p: IconProps) => (
  <Icon {...p}>
    <rect x="4" y="4" width="16" height="6.5" rx="1.6" />
    <rect x="4" y="13.5" width="16" height="6.5" rx="1.6" />
    <path d="M7.5 7.25h.1M7.5 16.75h.1M11 7.25h5.5M11 16.75h5.5" />
  </Icon>
)
