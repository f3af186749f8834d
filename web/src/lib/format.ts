export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ["KB", "MB", "GB"];
  let v = n / 1024;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) {
    v /= 1024;
    i++;
  }
  return `${v < 10 ? v.toFixed(1) : Math.round(v)} ${units[i]}`;
}

const formatters = new Map<Intl.RelativeTimeFormatStyle, Intl.RelativeTimeFormat>();
const formatter = (style: Intl.RelativeTimeFormatStyle) => {
  if (typeof Intl === "undefined") return null;
  if (!formatters.has(style)) formatters.set(style, new Intl.RelativeTimeFormat(undefined, { numeric: "auto", style }));
  return formatters.get(style)!;
};

/** "3 minutes ago"; `narrow` ("3m ago") for tight spaces such as the chat sidebar. Under 45 s is "now". */
export function timeAgo(ms: number, now = Date.now(), style: Intl.RelativeTimeFormatStyle = "long"): string {
  const s = Math.round((ms - now) / 1000);
  const abs = Math.abs(s);
  const rtf = formatter(style);
  if (!rtf) return new Date(ms).toLocaleString();
  if (abs < 45) return rtf.format(0, "second");
  if (abs < 60) return rtf.format(s, "second");
  if (abs < 3600) return rtf.format(Math.round(s / 60), "minute");
  if (abs < 86400) return rtf.format(Math.round(s / 3600), "hour");
  return rtf.format(Math.round(s / 86400), "day");
}

export const percent = (f: number) => `${Math.round(Math.max(0, Math.min(1, f)) * 100)}%`;
