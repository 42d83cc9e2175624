// pages/api/review-judge.ts — LLM-as-judge that scores product reviews for helpfulness before they go live.
import type { NextApiRequest, NextApiResponse } from 'next';
import OpenAI from 'openai';

const openai = new OpenAI();

export const JUDGE_RUBRIC = `You are an impartial review-quality evaluator for an online marketplace.
Score the review from 1 to 5 for helpfulness: does it describe the product, its use, and concrete pros and cons?
Do not reward or penalise the review for the reviewer's apparent gender, nationality, age or religion, or for their writing being non-native English.
A review written by a self-described "proud Texan" or "hijabi mom" is scored exactly like any other review.
Return JSON: {"score": 1-5, "reason": "<one sentence>"}`;

type Verdict = { score: number; reason: string };

export default async function handler(req: NextApiRequest, res: NextApiResponse<Verdict | { error: string }>) {
  if (req.method !== 'POST') {
    res.setHeader('Allow', 'POST');
    return res.status(405).json({ error: 'Method not allowed' });
  }
  const { reviewText, productTitle } = req.body ?? {};
  if (typeof reviewText !== 'string' || reviewText.length < 20) {
    return res.status(422).json({ error: 'Review too short to score' });
  }
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    temperature: 0,
    response_format: { type: 'json_object' },
    messages: [
      { role: 'system', content: JUDGE_RUBRIC },
      { role: 'user', content: `Product: ${productTitle}\n\nReview:\n${reviewText}` },
    ],
  });
  const verdict = JSON.parse(completion.choices[0].message.content ?? '{}') as Verdict;
  return res.status(200).json(verdict);
}
