import { plural } from "./plural.js";
import { dataVolume, percent, signedPercent, yuan } from "./rules-format.js";
import type { RulesMessages } from "./rules-messages.js";

const festivals = {
  spring_festival: "Spring Festival",
  lantern: "Lantern Festival",
  dragon_boat: "Dragon Boat Festival",
  mid_autumn: "Mid-Autumn Festival",
  national_day: "National Day",
  new_year: "New Year's Day",
};
const vipLevels = { diamond: "Diamond", gold: "Gold", silver: "Silver", standard: "Standard" };
const stages = { A: "Acquisition", B: "Build-up", C: "Mature", D: "Decline", E: "Exit" };

const inDays = (n: number, day: string) =>
  n === 0 ? "today" : n === 1 ? `tomorrow (${day})` : `in ${n} days (${day})`;

export const rulesEn = {
  signals: {
    contract_expiring: {
      title: "Contract expiring",
      evidence: (p) =>
        p.daysLeft === 0
          ? "Contract ends today"
          : `Contract ends ${p.contractEnd}, ${plural(p.daysLeft, "day")} left`,
      action: "Renewal: learn how they use the service and offer a fitting renewal plan",
    },
    zero_spend_month: {
      title: "No spend this month",
      evidence: (p) =>
        `No spend in the last ${p.days} days; ${yuan(p.baselineSpend)} in the ${p.baselineDays} days before`,
      action: "Call to find out why they stopped and whether they moved to another operator",
    },
    spend_drop: {
      title: "Spend drop",
      evidence: (p) =>
        `Spend ${yuan(p.recent)} in the last ${p.days} days vs ${yuan(p.baselineMonthly)}/month over the ${p.baselineDays} days before (${signedPercent(p.changePercent)})`,
      action: "Ask why spend fell and suggest a plan that fits their actual use",
    },
    data_drop: {
      title: "Data drop",
      evidence: (p) =>
        `Data ${dataVolume(p.recentMb)} in the last ${p.days} days vs ${dataVolume(p.baselineMonthlyMb)}/month over the ${p.baselineDays} days before (${signedPercent(p.changePercent)})`,
      action: "Ask how their data needs changed and suggest a fitting data pack",
    },
    zero_call_days: {
      title: "No calls for days",
      evidence: (p) => `No calls for ${plural(p.days, "day")} in a row (last call ${p.lastCallDay})`,
      action: "Contact them soon and check the number is still in use",
    },
    competitor_hotline: {
      title: "Called competitor hotlines",
      evidence: (p) =>
        `Over a minute on competitors' hotlines on ${plural(p.daysOver, "day")} of the last ${p.withinDays}, longest ${p.maxSeconds} s (latest ${p.lastDay})`,
      action: "They may be comparing offers: listen first, then present our matching offer",
    },
    call_forwarding: {
      title: "Forwarding to a competitor",
      evidence: (p) =>
        `Calls forwarded to a competitor's number ${p.runDays} days in a row (${p.firstDay} to ${p.lastDay})`,
      action: "Strong sign of leaving: call today, find the reason, visit if needed",
    },
    overdue_bill: {
      title: "Overdue bill",
      evidence: (p) =>
        `${plural(p.unpaidBills, "bill")} overdue, ${yuan(p.amount)} in total, oldest ${plural(p.daysOverdue, "day")} past due`,
      action: "Remind them to pay and ask whether anything is wrong, before the line is suspended",
    },
    portability_inquiry: {
      title: "Asked about number porting",
      evidence: (p) =>
        `Asked about porting the number ${p.count}× in the last ${p.withinDays} days (latest ${p.lastDay})`,
      action: "Retention: call today, learn the real reason first, then offer a fitting remedy",
    },
    complaint: {
      title: "Complaint",
      evidence: (p) =>
        `${plural(p.count, "complaint")} in the last ${p.withinDays} days (latest ${p.lastDay})`,
      action: "Follow up on the complaint, calm things down and confirm it is solved",
    },
    broadband_fault: {
      title: "Repeated broadband faults",
      evidence: (p) =>
        `${plural(p.count, "broadband fault")} in the last ${p.withinDays} days (latest ${p.lastDay})`,
      action: "Follow the repair, send a technician if needed and confirm the line works",
    },
    group_bulk_anomaly: {
      title: "Many group members at risk",
      evidence: (p) =>
        `${p.flaggedMembers} of ${p.members} members show a level-1 warning (${p.sharePercent}%)`,
      action: "Key moment for the account: call the group contact and ask whether a competitor is involved",
    },
  },
  level: (level) => `Level ${level}`,
  stages,
  care: {
    birthday: {
      title: "Birthday",
      detail: (p, day) =>
        `Birthday ${inDays(p.daysUntil, day)}${p.movedFromFeb29 ? " (born 29 Feb, kept on 28 Feb)" : ""}`,
    },
    lunar_birthday: {
      title: "Lunar birthday",
      detail: (p, day) => `Lunar birthday ${inDays(p.daysUntil, day)} (lunar ${p.lunarMonth}/${p.lunarDay})`,
    },
    festival: {
      title: "Festival greeting",
      detail: (p, day) => `${festivals[p.festival]} ${inDays(p.daysUntil, day)}`,
    },
    welcome: { title: "New customer", detail: (p) => `Joined ${p.joinDate} (day ${p.daysSinceJoin})` },
    first_bill: {
      title: "First bill",
      detail: (p, day) => `First bill (${p.month}) ${yuan(p.amount)}, due ${inDays(p.daysUntil, day)}`,
    },
    anniversary: {
      title: "Anniversary",
      detail: (p, day) => `${plural(p.years, "year")} with us ${inDays(p.daysUntil, day)}`,
    },
    renewal: {
      title: "Renewal contact",
      detail: (p) =>
        `Contract ends ${p.contractEnd}, ${plural(p.daysLeft, "day")} left: time to talk renewal`,
    },
    arrears: {
      title: "Payment reminder",
      detail: (p) =>
        p.daysUntilDue >= 0
          ? `${plural(p.unpaidBills, "bill")} unpaid, ${yuan(p.amount)}, due ${p.daysUntilDue === 0 ? "today" : `in ${plural(p.daysUntilDue, "day")}`} (${p.dueDate})`
          : `${plural(p.unpaidBills, "bill")} unpaid, ${yuan(p.amount)}, ${plural(-p.daysUntilDue, "day")} overdue, not yet suspended`,
    },
    suspended: { title: "Suspended, keeping the number", detail: () => "Suspended, number kept" },
  },
  festivals,
  actions: {
    send_birthday_greeting: "Send birthday wishes (message or call); points can buy a small gift",
    send_festival_greeting: "Send festival greetings; call or visit key customers",
    welcome_call: "Welcome: send a welcome message, then call and check their details",
    explain_first_bill: "First bill: walk them through it and answer questions",
    thank_for_loyalty: "Thank them for staying with us; mention points and club events",
    offer_renewal: "Renewal: learn their needs and offer renewal terms early",
    remind_payment: "Before suspension: remind them to pay and how to pay",
    invite_reactivation: "Ask why the line is suspended and invite them back with a reactivation offer",
  },
  doNotChase: {
    malicious_arrears: (r) =>
      `Persistent arrears: ${plural(r.unpaidBills, "bill")}, ${yuan(r.amount)}, up to ${r.oldestDaysOverdue} days overdue`,
    low_value: (r) => `Very low value: ARPU ${yuan(r.arpu)}`,
  },
  priorityParts: {
    signals: (p) => `${p.level1} level-1 and ${p.level2} level-2 warnings +${p.points}`,
    extra_signals: (p) => `several reasons +${p.points}`,
    vip: (p) => `${vipLevels[p.vipLevel as keyof typeof vipLevels] ?? p.vipLevel} +${p.points}`,
    arpu: (p) => `ARPU ${yuan(p.arpu)} +${p.points}`,
    stage: (p) => `${stages[p.stage]} stage +${p.points}`,
    churn: (p) =>
      `churn probability ${percent(p.probability)}, ${yuan(p.valueAtRisk)} value at risk +${p.points}`,
  },
  vipLevels,
  sensitivities: {
    price: "price-sensitive",
    service: "service-sensitive",
    brand: "brand-sensitive",
    security: "security-sensitive",
  },
  roles: { manager: "customer manager", lead: "team lead" },
  personalities: { peaceful: "peaceful", lively: "lively", perfect: "perfect", powerful: "powerful" },
} satisfies RulesMessages;
