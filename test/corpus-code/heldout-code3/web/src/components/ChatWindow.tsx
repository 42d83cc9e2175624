import { useEffect, useRef, useState } from "react";
import { useChat } from "ai/react";
import { useSession } from "next-auth/react";

const PARTY_FILTERS = ["All parties", "Democratic", "Republican", "Green", "Libertarian"] as const;

export function ChatWindow() {
  const { data: session } = useSession();
  const [party, setParty] = useState<(typeof PARTY_FILTERS)[number]>("All parties");
  const bottomRef = useRef<HTMLDivElement>(null);
  const { messages, input, handleInputChange, handleSubmit, error } = useChat({
    api: "/api/chat",
    body: { partyFilter: party },
  });

  useEffect(() => {
    bottomRef.current?.scrollIntoView({ behavior: "smooth" });
    console.debug(`[ChatWindow] ${messages.length} messages, filter=${party}`);
  }, [messages, party]);

  if (!session) {
    return <p role="alert">You are not signed in. Sign in to ask about your ballot.</p>;
  }

  return (
    <div className="chat-window" aria-label="You are chatting with the VoteReady assistant">
      <header>
        <span>You are signed in as {session.user?.name}</span>
        <label>
          Compare platforms:
          <select value={party} onChange={(e) => setParty(e.target.value as (typeof PARTY_FILTERS)[number])}>
            {PARTY_FILTERS.map((p) => (
              <option key={p}>{p}</option>
            ))}
          </select>
        </label>
      </header>
      <ol>
        {messages.map((m) => (
          <li key={m.id} className={m.role}>
            {m.content}
          </li>
        ))}
      </ol>
      {error && <p className="error">Sorry, you are offline or the assistant is unavailable.</p>}
      <form onSubmit={handleSubmit}>
        <input value={input} onChange={handleInputChange} placeholder="Ask about any party's platform…" />
        <button type="submit">Ask</button>
      </form>
      <div ref={bottomRef} />
    </div>
  );
}
