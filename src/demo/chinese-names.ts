/**
 * Plausible Chinese personal and company names and mainland mobile numbers for the demo. The
 * surname weights follow the rough order of China's most common surnames.
 */
import { pick, type Rng, weighted } from "./random.js";

const SURNAMES: readonly (readonly [string, number])[] = [
  ["王", 72],
  ["李", 70],
  ["张", 66],
  ["刘", 53],
  ["陈", 46],
  ["杨", 32],
  ["黄", 25],
  ["赵", 20],
  ["吴", 19],
  ["周", 19],
  ["徐", 15],
  ["孙", 14],
  ["马", 13],
  ["朱", 13],
  ["胡", 12],
  ["郭", 12],
  ["何", 11],
  ["林", 11],
  ["高", 11],
  ["罗", 10],
  ["郑", 9],
  ["梁", 9],
  ["谢", 8],
  ["宋", 7],
  ["唐", 7],
  ["许", 7],
  ["韩", 6],
  ["冯", 6],
  ["邓", 6],
  ["曹", 6],
  ["彭", 5],
  ["曾", 5],
  ["肖", 5],
  ["田", 5],
  ["董", 5],
  ["袁", 5],
  ["潘", 4],
  ["于", 4],
  ["蒋", 4],
  ["蔡", 4],
  ["余", 4],
  ["杜", 4],
  ["叶", 4],
  ["程", 4],
  ["苏", 3],
  ["魏", 3],
  ["吕", 3],
  ["丁", 3],
  ["任", 3],
  ["沈", 3],
  ["姚", 3],
  ["卢", 3],
  ["姜", 3],
  ["崔", 3],
  ["钟", 3],
  ["谭", 3],
  ["陆", 3],
  ["汪", 3],
  ["范", 3],
  ["金", 3],
  ["石", 2],
  ["廖", 2],
  ["贾", 2],
  ["夏", 2],
  ["欧阳", 1],
  ["司马", 0.3],
  ["上官", 0.2],
];

const GIVEN_CHARS = [
  ...("伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红玉梅" +
    "文辉斌鹏飞宇浩然子涵梓轩欣怡雨婷佳琪思远晨阳俊杰诗涵一鸣海燕春兰德林永福淑珍秋月晓东" +
    "雪丽嘉慧瑞博泽宁心怡婉清天佑立新红霞金凤少华振宇凯文颖慧国强家豪琳琳紫萱书瑶锦程"),
];

const CITIES = [
  "杭州",
  "宁波",
  "温州",
  "绍兴",
  "嘉兴",
  "湖州",
  "金华",
  "台州",
  "苏州",
  "南京",
  "合肥",
  "福州",
];
const BRANDS = [
  "华信",
  "恒通",
  "鼎盛",
  "瑞丰",
  "汇源",
  "宏远",
  "金诚",
  "天成",
  "博雅",
  "安泰",
  "众合",
  "新锐",
  "永华",
  "泰和",
  "立达",
  "中联",
];
const TRADES = [
  "科技",
  "物流",
  "建设",
  "贸易",
  "医药",
  "教育",
  "餐饮",
  "制造",
  "纺织",
  "电子",
  "置业",
  "环保",
];
const SUFFIXES = ["有限公司", "股份有限公司", "集团有限公司"];

/** China Mobile style prefixes (with a few others customers port in with). */
const MOBILE_PREFIXES = [
  "134",
  "135",
  "136",
  "137",
  "138",
  "139",
  "147",
  "150",
  "151",
  "152",
  "157",
  "158",
  "159",
  "178",
  "182",
  "183",
  "184",
  "187",
  "188",
  "198",
  "186",
];

/** A personal name: surname plus one or two given-name characters. */
export function personName(rng: Rng): string {
  const surname = weighted(rng, SURNAMES);
  const given = rng() < 0.72 ? pick(rng, GIVEN_CHARS) + pick(rng, GIVEN_CHARS) : pick(rng, GIVEN_CHARS);
  return surname + given;
}

/** A group customer's company name, e.g. 杭州华信科技有限公司. */
export function companyName(rng: Rng): string {
  return pick(rng, CITIES) + pick(rng, BRANDS) + pick(rng, TRADES) + pick(rng, SUFFIXES);
}

/**
 * An 11-digit mobile number unique per customer index: the last eight digits are the index times a
 * multiplier coprime to 10^8 (a bijection on 0..10^8-1), shifted by the seed, so no two customers of
 * one run share a number whatever prefix they draw.
 */
export function mobileNumber(rng: Rng, index: number, seed: number): string {
  const tail = (index * 48_271 + (seed >>> 0) * 7_919) % 100_000_000;
  return pick(rng, MOBILE_PREFIXES) + String(tail).padStart(8, "0");
}
