// Small hand-drawn SVG charts; each sits next to a table with the same numbers.

export interface Bar {
  label: string;
  value: number | null;
  max: number | null;
}

const BAR_HEIGHT = 22;

/** One horizontal bar per dimension, its length the score over the dimension's maximum. */
export function BarChart({ bars, title }: { bars: Bar[]; title: string }) {
  const width = 320;
  const labelWidth = 120;
  const height = bars.length * BAR_HEIGHT + 4;
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      {bars.map((bar, index) => {
        const y = index * BAR_HEIGHT + 2;
        const full = width - labelWidth - 50;
        const share = bar.value !== null && bar.max ? bar.value / bar.max : 0;
        return (
          <g key={bar.label}>
            <text x={0} y={y + 15} class="chart-label">
              {bar.label}
            </text>
            <rect x={labelWidth} y={y + 3} width={full} height={BAR_HEIGHT - 8} class="bar-track" />
            <rect x={labelWidth} y={y + 3} width={full * share} height={BAR_HEIGHT - 8} class="bar" />
            <text x={labelWidth + full + 6} y={y + 15} class="chart-label">
              {bar.value === null ? "–" : `${bar.value}/${bar.max ?? "?"}`}
            </text>
          </g>
        );
      })}
    </svg>
  );
}

export interface Series {
  name: string;
  values: (number | null)[]; // shares of the maximum, 0..1
}

const COLOURS = ["#1d4e89", "#b3541e", "#2e7d32", "#7b1fa2", "#c62828", "#00838f", "#5d4037", "#ad1457", "#455a64", "#827717"];

export function seriesColour(index: number): string {
  return COLOURS[index % COLOURS.length] ?? "#000";
}

/** A radar of the 6 + 5 dimensions, one polygon per vendor (scores as shares of their maxima). */
export function RadarChart({ axes, series, title }: { axes: string[]; series: Series[]; title: string }) {
  const size = 300;
  const centre = size / 2;
  const radius = size / 2 - 30;
  const point = (axis: number, share: number) => {
    const angle = (Math.PI * 2 * axis) / axes.length - Math.PI / 2;
    return [centre + Math.cos(angle) * radius * share, centre + Math.sin(angle) * radius * share] as const;
  };
  return (
    <svg class="chart radar" viewBox={`0 0 ${size} ${size}`} role="img" aria-label={title}>
      {[0.25, 0.5, 0.75, 1].map((ring) => (
        <polygon key={ring} class="grid" points={axes.map((_, i) => point(i, ring).join(",")).join(" ")} />
      ))}
      {axes.map((axis, i) => {
        const [x, y] = point(i, 1.12);
        return (
          <text key={axis} x={x} y={y} class="chart-label" text-anchor="middle" dominant-baseline="middle">
            {axis}
          </text>
        );
      })}
      {series.map((one, index) => (
        <polygon
          key={one.name}
          class="series"
          stroke={seriesColour(index)}
          fill={seriesColour(index)}
          points={one.values.map((share, i) => point(i, share ?? 0).join(",")).join(" ")}
        />
      ))}
    </svg>
  );
}

export interface TimelinePoint {
  label: string;
  inpact: number | null;
  goals: number | null;
}

/** Totals per evaluation version, oldest left. */
export function Timeline({ points, title }: { points: TimelinePoint[]; title: string }) {
  const width = 420;
  const height = 160;
  const pad = 30;
  const top = Math.max(1, ...points.flatMap((p) => [p.inpact ?? 0, p.goals ?? 0]));
  const x = (i: number) => (points.length === 1 ? width / 2 : pad + ((width - 2 * pad) * i) / (points.length - 1));
  const y = (value: number) => height - pad - ((height - 2 * pad) * value) / top;
  const line = (pick: (p: TimelinePoint) => number | null) =>
    points
      .map((p, i) => [i, pick(p)] as const)
      .filter(([, v]) => v !== null)
      .map(([i, v]) => `${x(i)},${y(v ?? 0)}`)
      .join(" ");
  return (
    <svg class="chart" viewBox={`0 0 ${width} ${height}`} role="img" aria-label={title}>
      <line x1={pad} x2={width - pad} y1={height - pad} y2={height - pad} class="axis" />
      <polyline points={line((p) => p.inpact)} class="line inpact" />
      <polyline points={line((p) => p.goals)} class="line goals" />
      {points.map((p, i) => (
        <g key={p.label}>
          {p.inpact !== null && <circle cx={x(i)} cy={y(p.inpact)} r={3} class="dot inpact" />}
          {p.goals !== null && <circle cx={x(i)} cy={y(p.goals)} r={3} class="dot goals" />}
          <text x={x(i)} y={height - 10} class="chart-label" text-anchor="middle">
            {p.label}
          </text>
        </g>
      ))}
    </svg>
  );
}
