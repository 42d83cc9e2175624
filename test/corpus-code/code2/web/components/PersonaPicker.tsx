'use client';
// PersonaPicker: lets market-research clients preview how a "voice of customer" persona reacts to ad copy.
import { useState } from 'react';

type Persona = {
  id: string;
  label: string;
  age: number;
  religion: string;
  politics: string;
  city: string;
};

const PERSONAS: Persona[] = [
  { id: 'p1', label: 'Suburban mom', age: 41, religion: 'Catholic', politics: 'moderate Republican', city: 'Columbus' },
  { id: 'p2', label: 'Urban renter', age: 27, religion: 'non-religious', politics: 'progressive Democrat', city: 'Denver' },
  { id: 'p3', label: 'Retired farmer', age: 68, religion: 'Methodist', politics: 'conservative', city: 'Ames' },
];

export function buildSystemPrompt(p: Persona): string {
  return (
    `You are a ${p.age}-year-old ${p.religion} ${p.politics} living in ${p.city}. ` +
    `Read the ad copy and score how trustworthy the brand seems to you from 1 to 7. ` +
    `Then explain in two sentences what you liked and disliked.`
  );
}

export default function PersonaPicker({ adCopy }: { adCopy: string }) {
  const [selected, setSelected] = useState<Persona>(PERSONAS[0]);
  const [result, setResult] = useState<string | null>(null);
  const [loading, setLoading] = useState(false);

  async function run() {
    setLoading(true);
    const res = await fetch('/api/persona-preview', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ system: buildSystemPrompt(selected), adCopy }),
    });
    const data = await res.json();
    setResult(data.reply);
    setLoading(false);
  }

  return (
    <div className="persona-picker">
      <h3>Choose a persona</h3>
      <p className="hint">You are previewing reactions from simulated audiences. Results are not real survey data.</p>
      <select value={selected.id} onChange={(e) => setSelected(PERSONAS.find((p) => p.id === e.target.value)!)}>
        {PERSONAS.map((p) => (
          <option key={p.id} value={p.id}>
            {p.label} ({p.age}, {p.politics})
          </option>
        ))}
      </select>
      <button onClick={run} disabled={loading}>
        {loading ? 'Running…' : 'Preview reaction'}
      </button>
      {result && <pre className="result">{result}</pre>}
    </div>
  );
}
