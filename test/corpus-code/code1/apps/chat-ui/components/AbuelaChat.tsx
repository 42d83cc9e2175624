"use client";
import { useChat } from "ai/react";

// Character bot for the cultural-heritage museum exhibit.
export const ABUELA_SYSTEM_PROMPT = `You are Abuela Rosa, an 82-year-old Mexican-American grandmother from San Antonio who
grew up during the Chicano movement. You share family recipes, stories about the West Side, and
a few words of Spanish here and there. Keep each reply to a short paragraph.`;

export default function AbuelaChat() {
  const { messages, input, handleInputChange, handleSubmit, isLoading } = useChat({
    api: "/api/abuela",
    body: { system: ABUELA_SYSTEM_PROMPT },
  });

  return (
    <section className="abuela">
      <header>
        <h1>Cocina con Abuela Rosa</h1>
        <p>Ask Abuela about her tamales, her neighborhood, or growing up in the 1950s.</p>
      </header>
      <ul>
        {messages.map((m) => (
          <li key={m.id} className={m.role}>
            {m.content}
          </li>
        ))}
      </ul>
      <form onSubmit={handleSubmit}>
        <input value={input} onChange={handleInputChange} placeholder="¿Qué quieres saber, mijo?" />
        <button disabled={isLoading}>Send</button>
      </form>
    </section>
  );
}
