// A small line chart of one series, drawn as SVG (no chart library: the
// bundle stays small). Points are {t, v}; the axes' ends are labelled.
const W = 320;
const H = 80;

export function Sparkline({ points, format, label, test }) {
    if (!points.length)
        return null;
    const ts = points.map(p => Date.parse(p.t));
    const vs = points.map(p => p.v);
    const [t0, t1] = [Math.min(...ts), Math.max(...ts)];
    const [v0, v1] = [Math.min(0, ...vs), Math.max(...vs)];
    const x = t => (t1 === t0 ? W / 2 : ((t - t0) / (t1 - t0)) * W);
    const y = v => (v1 === v0 ? H / 2 : H - ((v - v0) / (v1 - v0)) * H);
    const path = points.map((p, i) => `${i ? "L" : "M"}${x(ts[i]).toFixed(1)},${y(p.v).toFixed(1)}`).join(" ");
    const last = points[points.length - 1];
    return (
        <figure className="bams-spark" data-test={test} data-points={points.length}>
            <figcaption>{label}: <strong>{format(last.v)}</strong></figcaption>
            <svg viewBox={`-2 -2 ${W + 4} ${H + 4}`} role="img" aria-label={label} preserveAspectRatio="none">
                <path d={path} fill="none" stroke="currentColor" strokeWidth="2" vectorEffect="non-scaling-stroke" />
                {points.length === 1 && <circle cx={x(ts[0])} cy={y(last.v)} r="3" fill="currentColor" />}
            </svg>
            <div className="bams-spark-axis bams-muted">
                <span>{new Date(t0).toLocaleDateString()}</span>
                <span>{format(v1)}</span>
            </div>
        </figure>
    );
}
