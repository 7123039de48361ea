/** Number formatting shared by the rules' messages. */

/** Yuan: whole yuan from 10 up (¥42, ¥186), two decimals at most below (¥8.5). */
export function yuan(n: number): string {
  return `¥${Math.abs(n) >= 10 ? Math.round(n) : Number(n.toFixed(2))}`;
}

/** Data volume: MB below 1 GB, GB with one decimal above. */
export function dataVolume(mb: number): string {
  return mb >= 1024 ? `${(mb / 1024).toFixed(1)} GB` : `${Math.round(mb)} MB`;
}

/** A signed whole percentage with a true minus sign: −77%, +12%, 0%. */
export function signedPercent(n: number): string {
  return n < 0 ? `−${Math.abs(n)}%` : n > 0 ? `+${n}%` : "0%";
}

const LUNAR_MONTHS = ["正", "二", "三", "四", "五", "六", "七", "八", "九", "十", "冬", "腊"];
const DIGITS = ["", "一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

/** 农历 month and day in words: 12/20 → 腊月二十, 1/1 → 正月初一, 8/15 → 八月十五. */
export function lunarDateZh(month: number, day: number): string {
  const m = `${Math.abs(month) === month ? "" : "闰"}${LUNAR_MONTHS[Math.abs(month) - 1] ?? month}月`;
  const d =
    day <= 10
      ? `初${DIGITS[day]}`
      : day < 20
        ? `十${DIGITS[day - 10]}`
        : day === 20
          ? "二十"
          : day < 30
            ? `廿${DIGITS[day - 20]}`
            : "三十";
  return m + d;
}

/** A probability as a percentage for people: 23%, 4.5%, 0.3%. */
export function percent(probability: number): string {
  const p = probability * 100;
  return `${p >= 10 ? Math.round(p) : Number(p.toFixed(1))}%`;
}
