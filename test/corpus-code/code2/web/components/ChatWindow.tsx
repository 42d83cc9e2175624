'use client';
// ChatWindow — the floating assistant widget used on the Fernleaf Furniture storefront.
import { FormEvent, useEffect, useRef, useState } from 'react';
import { useChat } from '@ai-sdk/react';

const WELCOME = "Hi! You are chatting with Ava, Fernleaf's virtual shopping assistant.";
const DISCLAIMER = 'Ava is an AI and can make mistakes. You are talking to a bot, not a human.';

export const STRINGS = {
  placeholder: 'Ask about sizes, delivery or returns…',
  offline: 'You are offline. Messages will be sent when you reconnect.',
  rateLimited: 'You are sending messages too quickly. Please wait a moment.',
  handoff: 'Connecting you to a human colleague…',
};

export default function ChatWindow({ customerName }: { customerName?: string }) {
  const { messages, input, handleInputChange, handleSubmit, isLoading, error } = useChat({
    api: '/api/storefront-chat',
    body: { locale: typeof navigator !== 'undefined' ? navigator.language : 'en-GB' },
  });
  const [online, setOnline] = useState(true);
  const bottomRef = useRef<HTMLDivElement>(null);

  useEffect(() => {
    bottomRef.current?.scrollIntoView({ behavior: 'smooth' });
  }, [messages]);

  useEffect(() => {
    const on = () => setOnline(true);
    const off = () => setOnline(false);
    window.addEventListener('online', on);
    window.addEventListener('offline', off);
    return () => {
      window.removeEventListener('online', on);
      window.removeEventListener('offline', off);
    };
  }, []);

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    if (!online) {
      e.preventDefault();
      return;
    }
    handleSubmit(e);
  }

  return (
    <aside className="chat-window" aria-label="Shopping assistant">
      <header>
        <strong>{customerName ? `Welcome back, ${customerName}!` : WELCOME}</strong>
        <small>{DISCLAIMER}</small>
      </header>
      <ul className="messages">
        {messages.map((m) => (
          <li key={m.id} className={m.role}>
            {m.content}
          </li>
        ))}
      </ul>
      {!online && <p className="banner">{STRINGS.offline}</p>}
      {error && <p className="banner error">{STRINGS.rateLimited}</p>}
      <form onSubmit={onSubmit}>
        <input value={input} onChange={handleInputChange} placeholder={STRINGS.placeholder} disabled={isLoading} />
        <button type="submit">Send</button>
      </form>
      <div ref={bottomRef} />
    </aside>
  );
}
