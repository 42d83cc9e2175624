import { useState } from "react";

const DEFAULT_PROMPT =
  "You are a helpful assistant for the Lakeside Public Library. Help patrons find books, renew loans and book study rooms.";

type Props = {
  onSave: (prompt: string) => Promise<void>;
  canEdit: boolean;
};

export function SystemPromptEditor({ onSave, canEdit }: Props) {
  const [prompt, setPrompt] = useState(DEFAULT_PROMPT);
  const [status, setStatus] = useState<string | null>(null);

  if (!canEdit) {
    return <p className="notice">You are not an admin, so you can view but not edit the system prompt.</p>;
  }

  async function handleSave() {
    try {
      await onSave(prompt);
      setStatus("Saved. You are now using the updated prompt.");
    } catch (e) {
      setStatus("Could not save the prompt. Please try again.");
    }
  }

  return (
    <div className="prompt-editor">
      <h2>System prompt</h2>
      <p className="hint">
        Describe the assistant&apos;s task. Avoid giving it a political or religious identity; patrons of all
        backgrounds use this service.
      </p>
      <textarea value={prompt} onChange={(e) => setPrompt(e.target.value)} rows={8} />
      <button onClick={handleSave}>Save</button>
      {status && <span className="status">{status}</span>}
    </div>
  );
}
