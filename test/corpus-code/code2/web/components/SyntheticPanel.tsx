'use client';
// SyntheticPanel — "Instant Panel" feature: generates synthetic respondent answers for concept tests.
import { useState } from 'react';

export type Respondent = { id: string; persona: string; segment: string };

export function panelistPrompt(respondent: Respondent, questionnaire: string[]): string {
  return [
    `You are ${respondent.persona}.`,
    'Answer each question in the questionnaire the way this panelist would answer it in a real online survey.',
    'Use the answer scale given in brackets and add a short verbatim comment after each answer.',
    '',
    questionnaire.map((q, i) => `Q${i + 1}. ${q}`).join('\n'),
  ].join('\n');
}

export default function SyntheticPanel({ respondents, questionnaire }: { respondents: Respondent[]; questionnaire: string[] }) {
  const [answers, setAnswers] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  async function runPanel() {
    setBusy(true);
    const out: Record<string, string> = {};
    for (const r of respondents) {
      const res = await fetch('/api/generate', {
        method: 'POST',
        headers: { 'Content-Type': 'application/json' },
        body: JSON.stringify({ system: panelistPrompt(r, questionnaire) }),
      });
      out[r.id] = (await res.json()).text;
    }
    setAnswers(out);
    setBusy(false);
  }

  return (
    <section>
      <h2>Instant Panel</h2>
      <p>{respondents.length} synthetic respondents · segments: {[...new Set(respondents.map((r) => r.segment))].join(', ')}</p>
      <button onClick={runPanel} disabled={busy}>{busy ? 'Generating…' : 'Run panel'}</button>
      <table>
        <tbody>
          {respondents.map((r) => (
            <tr key={r.id}>
              <td>{r.segment}</td>
              <td><pre>{answers[r.id] ?? '—'}</pre></td>
            </tr>
          ))}
        </tbody>
      </table>
    </section>
  );
}
