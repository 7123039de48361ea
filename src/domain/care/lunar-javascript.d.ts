/** The small part of lunar-javascript (which ships no types) that lunar-calendar.ts uses. */
declare module "lunar-javascript" {
  interface LunarDate {
    getYear(): number;
    /** Negative for a leap month (闰月): -6 is 闰六月. */
    getMonth(): number;
    getDay(): number;
    getSolar(): SolarDate;
    getMonthInChinese(): string;
    getDayInChinese(): string;
    getFestivals(): string[];
    getJieQi(): string;
  }
  interface SolarDate {
    getYear(): number;
    getMonth(): number;
    getDay(): number;
    getLunar(): LunarDate;
    toYmd(): string;
    getFestivals(): string[];
  }
  interface LunarMonthInfo {
    getDayCount(): number;
  }
  const lunar: {
    Solar: { fromYmd(year: number, month: number, day: number): SolarDate };
    Lunar: { fromYmd(year: number, month: number, day: number): LunarDate };
    LunarMonth: { fromYm(year: number, month: number): LunarMonthInfo | null };
  };
  export default lunar;
}
