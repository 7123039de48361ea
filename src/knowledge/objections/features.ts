/**
 * What the objection classifier looks at in a text: character n-grams of the Chinese (robust to
 * typos, dialect spellings and unsegmented slang), jieba words with the domain dictionary, and
 * English words and word pairs. Traditional characters are converted first.
 */
import { normalizeText } from "../normalize.js";
import type { Segmenter } from "../segment.js";

/** The words around an objection that managers add ("客户说…怎么办", "customer says … what do I say"). */
const WRAPPERS: readonly RegExp[] = [
  /^(?:我的|有个|有位|一个|这个|那个)?(?:客户|顾客|用户|老客户|大客户|老用户|他|她|对方|客人)(?:一直|总是|老是|总|老|又|就|非要|跟我|对我|打电话|来电)?(?:说|讲|嫌|觉得|反映|抱怨|表示|认为|吐槽|提出|问)(?:了|道)?[:：，,\s]*/u,
  /[，,。.\s]*(?:我|我们)?(?:该|应该|要|可以)?(?:怎么办|咋办|怎么整|咋整|怎么搞|怎么回|怎么回复|怎么回答|怎么回应|怎么应对|怎么处理|怎么说|怎么劝|如何回应|如何应对|如何处理|如何回答)(?:呢|啊)?[？?！!。.]*$/u,
  /^(?:怎么|如何)(?:回应|回答|应对|答复|处理)[：:，,\s]*/u,
  /^(?:the |a |my |our )?(?:customer|client|subscriber)s? (?:says?|said|complains?|complained|thinks?|tells? me|told me|keeps saying)(?: that)?[:,]?\s*/i,
  /^(?:how (?:do|should|can) (?:i|we) (?:answer|respond to|reply to|handle)(?: a customer who says)?)[:,]?\s*/i,
  /[,.]?\s*(?:what (?:do|should|can) (?:i|we) (?:say|do)|how (?:do|should) (?:i|we) (?:answer|respond|reply))[?.!]*$/i,
];

/** The objection as the customer said it: normalised, lower-cased, without the manager's wrapper. */
export function objectionCore(text: string): string {
  let out = normalizeText(text).toLowerCase().trim();
  for (const wrapper of WRAPPERS) out = out.replace(wrapper, "").trim();
  // Remarks in brackets ("（打错字）") are the writer's, not the customer's.
  return out.replace(/[（(][^）)]{0,12}[）)]/gu, " ").trim();
}

const CJK_RUN = /[\u3400-\u9fff]+/gu;
const LATIN_WORD = /[a-z][a-z']*/g;
const ENGLISH_PLURAL = /^([a-z]{3,}[^s])s$/;

export interface FeatureWeights {
  char1: number;
  char2: number;
  char3: number;
  word: number;
  pair: number;
}

/**
 * Feature weights before TF-IDF (chosen by cross-validation, decision 011): single characters
 * weigh more than bigrams because the trained model learns which ones carry a category (贵, 扣, 卡).
 */
export const FEATURE_WEIGHTS: Readonly<FeatureWeights> = {
  char1: 1.2,
  char2: 1,
  char3: 1,
  word: 1,
  pair: 0.8,
};

/** A bag of features with counts (already weighted). */
export type FeatureBag = Map<string, number>;

/** The features of an already normalised text (see objectionCore). */
export function features(
  core: string,
  segmenter: Segmenter,
  weights: Readonly<FeatureWeights> = FEATURE_WEIGHTS,
): FeatureBag {
  const bag: FeatureBag = new Map();
  // A feature kind weighted 0 is left out (a zero count would make its TF-IDF weight undefined).
  const add = (key: string, weight: number) => weight > 0 && bag.set(key, (bag.get(key) ?? 0) + weight);
  for (const [run] of core.matchAll(CJK_RUN)) {
    const chars = [...run];
    for (let i = 0; i < chars.length; i++) {
      add(`1:${chars[i]}`, weights.char1);
      if (i + 1 < chars.length) add(`2:${chars[i]}${chars[i + 1]}`, weights.char2);
      if (i + 2 < chars.length) add(`3:${chars[i]}${chars[i + 1]}${chars[i + 2]}`, weights.char3);
    }
  }
  const words = [...core.matchAll(LATIN_WORD)].map(([w]) =>
    w.replace(/'.*$/, "").replace(ENGLISH_PLURAL, "$1"),
  );
  for (let i = 0; i < words.length; i++) {
    add(`w:${words[i]}`, weights.word);
    if (i + 1 < words.length) add(`p:${words[i]} ${words[i + 1]}`, weights.pair);
  }
  // Jieba words (with the domain dictionary) tie characters that belong together: 掉线, 携号转网.
  for (const term of segmenter.terms(core)) if (/[\u3400-\u9fff]/u.test(term)) add(`j:${term}`, weights.word);
  return bag;
}
