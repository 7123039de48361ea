import { describe, expect, it } from "vitest";
import {
  type CareReminder,
  calendarDay,
  careReminders,
  festivalsOn,
  solarDayOfLunar,
} from "../../../src/domain/care/index.js";
import type { BillFact, CustomerProfile } from "../../../src/domain/customer.js";
import { addDays } from "../../../src/domain/dates.js";
import { DEFAULT_RULES_CONFIG as config, parseRulesConfig } from "../../../src/domain/rules-config.js";
import { aCustomer, someFacts } from "../../fakes/customer-facts.js";

const remind = (asOf: string, customer: Partial<CustomerProfile>, bills: BillFact[] = [], cfg = config) =>
  careReminders(someFacts({ customer: aCustomer({ vipLevel: "standard", ...customer }), bills }), asOf, cfg);
const codes = (rs: CareReminder[]) => rs.map((r) => `${r.code}@${r.day}`);

describe("festivals on known dates (lunar-javascript)", () => {
  it("converts lunar festivals to their solar days", () => {
    expect(solarDayOfLunar(2027, 1, 1)).toBe("2027-02-06");
    expect(solarDayOfLunar(2026, 8, 15)).toBe("2026-09-25");
    expect(festivalsOn(calendarDay("2027-02-06"))).toEqual(["spring_festival"]);
    expect(festivalsOn(calendarDay("2026-09-25"))).toEqual(["mid_autumn"]);
    expect(festivalsOn(calendarDay("2026-02-17"))).toEqual(["spring_festival"]);
    expect(festivalsOn(calendarDay("2026-03-03"))).toEqual(["lantern"]);
    expect(festivalsOn(calendarDay("2026-06-19"))).toEqual(["dragon_boat"]);
    expect(festivalsOn(calendarDay("2026-10-01"))).toEqual(["national_day"]);
    expect(festivalsOn(calendarDay("2027-01-01"))).toEqual(["new_year"]);
    expect(festivalsOn(calendarDay("2026-09-24"))).toEqual([]);
  });
  it("greets VIP customers only, within D..D+3", () => {
    expect(codes(remind("2027-02-03", { vipLevel: "gold" }))).toEqual(["festival@2027-02-06"]);
    expect(remind("2027-02-03", { vipLevel: "gold" })[0]?.params).toEqual({
      daysUntil: 3,
      festival: "spring_festival",
    });
    expect(remind("2027-02-02", { vipLevel: "gold" })).toEqual([]);
    expect(remind("2027-02-03", { vipLevel: "standard" })).toEqual([]);
  });
});

describe("solar birthdays", () => {
  it("fall on their month and day within the lookahead", () => {
    expect(codes(remind("2026-05-10", { birthday: "1985-05-12" }))).toEqual(["birthday@2026-05-12"]);
    expect(remind("2026-05-08", { birthday: "1985-05-12" })).toEqual([]);
    const wider = parseRulesConfig({ care: { lookaheadDays: 7 } });
    expect(codes(remind("2026-05-08", { birthday: "1985-05-12" }, [], wider))).toEqual([
      "birthday@2026-05-12",
    ]);
  });
  it("celebrate a 29 February birthday on 28 February in non-leap years, on the 29th in leap years", () => {
    const feb29 = { birthday: "1992-02-29" };
    const in2027 = remind("2027-02-26", feb29);
    expect(codes(in2027)).toEqual(["birthday@2027-02-28"]);
    expect(in2027[0]?.params).toEqual({ daysUntil: 2, movedFromFeb29: true });
    expect(codes(remind("2028-02-27", feb29))).toEqual(["birthday@2028-02-29"]);
    expect(remind("2027-03-01", feb29)).toEqual([]);
  });
});

describe("lunar birthdays", () => {
  const lunar = (birthday: string) => ({ birthday, lunarBirthday: true });
  it("follow the lunar calendar: 腊月二十 of lunar 2026 falls in January 2027", () => {
    expect(solarDayOfLunar(2026, 12, 20)).toBe("2027-01-27");
    const rs = remind("2027-01-25", lunar("1970-12-20"));
    expect(codes(rs)).toEqual(["lunar_birthday@2027-01-27"]);
    expect(rs[0]?.params).toEqual({ daysUntil: 2, lunarMonth: 12, lunarDay: 20 });
    // In Gregorian 2026 the same birthday fell on 7 February (lunar 2025's 腊月).
    expect(codes(remind("2026-02-05", lunar("1970-12-20")))).toEqual(["lunar_birthday@2026-02-07"]);
  });
  it("are found across the Gregorian new year", () => {
    const wide = parseRulesConfig({ care: { lookaheadDays: 40 } });
    const joinedInMay = { ...lunar("1970-12-20"), joinDate: "2020-05-05" };
    expect(codes(remind("2026-12-30", joinedInMay, [], wide))).toEqual(["lunar_birthday@2027-01-27"]);
  });
  it("move a 30th to the 29th when the lunar month is short (腊月 of lunar 2026 has 29 days)", () => {
    expect(calendarDay("2027-02-05")).toMatchObject({ lunarMonth: 12, lunarDay: 29, lunarMonthDays: 29 });
    expect(codes(remind("2027-02-03", lunar("1980-12-30")))).toEqual(["lunar_birthday@2027-02-05"]);
  });
  it("are celebrated in the regular month only when the year has a leap month (闰六月 2025)", () => {
    expect(calendarDay("2025-08-01")).toMatchObject({ lunarMonth: -6, lunarDay: 8 });
    expect(remind("2025-07-30", lunar("1975-06-08"))).toEqual([]);
    const regular = solarDayOfLunar(2025, 6, 8);
    expect(codes(remind(addDays(regular, -1), lunar("1975-06-08")))).toEqual([`lunar_birthday@${regular}`]);
  });
});

describe("relationship occasions", () => {
  it("welcome a customer who joined 0..7 days ago, not 8", () => {
    expect(codes(remind("2026-06-08", { joinDate: "2026-06-01" }))).toEqual(["welcome@2026-06-01"]);
    expect(remind("2026-06-09", { joinDate: "2026-06-01" })).toEqual([]);
  });
  it("follow up the first bill when it is due in the window", () => {
    const bill = { month: "2026-06", amount: 128, dueDate: "2026-07-15", paidDate: null };
    const rs = remind("2026-07-13", { joinDate: "2026-06-01" }, [bill]);
    // Due in two days, so it is also an arrears reminder.
    expect(codes(rs)).toEqual(["arrears@2026-07-15", "first_bill@2026-07-15"]);
    expect(rs[1]?.action).toBe("explain_first_bill");
    // An old customer's earliest stored bill is not their first.
    expect(remind("2026-07-13", { joinDate: "2020-06-01" }, [bill]).map((r) => r.code)).not.toContain(
      "first_bill",
    );
  });
  it("mark network anniversaries with the number of years", () => {
    const rs = remind("2026-03-20", { joinDate: "2016-03-22" });
    expect(codes(rs)).toEqual(["anniversary@2026-03-22"]);
    expect(rs[0]?.params).toEqual({ daysUntil: 2, years: 10 });
  });
  it("ask for renewal contact 90 days before the contract ends", () => {
    expect(codes(remind("2026-04-01", { contractEnd: "2026-06-30" }))).toEqual(["renewal@2026-04-01"]);
    expect(codes(remind("2026-03-29", { contractEnd: "2026-06-30" }))).toEqual(["renewal@2026-04-01"]);
    expect(remind("2026-03-28", { contractEnd: "2026-06-30" })).toEqual([]);
    expect(remind("2026-04-02", { contractEnd: "2026-06-30" })).toEqual([]);
  });
});

describe("billing care", () => {
  const bill = (dueDate: string, paidDate: string | null = null) => ({
    month: "2026-05",
    amount: 99,
    dueDate,
    paidDate,
  });
  it("reminds an active customer of a bill due within 3 days or overdue", () => {
    const rs = remind("2026-06-10", {}, [bill("2026-06-13")]);
    expect(codes(rs)).toEqual(["arrears@2026-06-13"]);
    expect(rs[0]?.params).toEqual({ unpaidBills: 1, amount: 99, dueDate: "2026-06-13", daysUntilDue: 3 });
    expect(remind("2026-06-10", {}, [bill("2026-06-14")])).toEqual([]);
    expect(remind("2026-06-10", {}, [bill("2026-06-01")])[0]?.params).toMatchObject({ daysUntilDue: -9 });
    expect(remind("2026-06-10", {}, [bill("2026-06-01", "2026-06-09")])).toEqual([]);
  });
  it("lists suspended customers keeping their number, and nothing for customers who left", () => {
    const rs = remind("2026-06-10", { status: "suspended" }, [bill("2026-06-01")]);
    expect(codes(rs)).toEqual(["suspended@2026-06-10"]);
    expect(rs[0]?.action).toBe("invite_reactivation");
    expect(remind("2026-06-10", { status: "left", birthday: "1980-06-11" })).toEqual([]);
  });
});
