import type { ComponentChildren } from "preact";
import { useState } from "preact/hooks";
import { href, navigate } from "../router";

const PAGES = [
  ["/", "Landscape"],
  ["/compare", "Compare"],
  ["/risks", "Risks"],
  ["/stack", "Stack Builder"],
  ["/quality", "Data quality"],
  ["/framework", "Framework"],
] as const;

function SearchBox({ initial }: { initial: string }) {
  const [text, setText] = useState(initial);
  return (
    <form
      role="search"
      class="search-box"
      onSubmit={(event) => {
        event.preventDefault();
        if (text.trim()) navigate(href("/search", { q: text.trim() }));
      }}
    >
      <label for="site-search" class="visually-hidden">
        Search vendors, rationales, risks and mitigations
      </label>
      <input
        id="site-search"
        type="search"
        name="q"
        maxLength={200}
        placeholder="Search the knowledge base"
        value={text}
        onInput={(event) => setText(event.currentTarget.value)}
      />
      <button type="submit">Search</button>
    </form>
  );
}

export function Layout(props: { path: string; query: string; title?: string; children: ComponentChildren }) {
  return (
    <>
      <a class="skip-link" href="#main">
        Skip to content
      </a>
      <header class="site-header">
        <a class="brand" href="/">
          Trust Before Intelligence
        </a>
        <nav aria-label="Pages">
          <ul>
            {PAGES.map(([path, name]) => (
              <li key={path}>
                <a href={path} aria-current={props.path === path ? "page" : undefined}>
                  {name}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <SearchBox key={props.query} initial={props.query} />
      </header>
      <main id="main" tabIndex={-1}>
        {props.title && <h1>{props.title}</h1>}
        {props.children}
      </main>
    </>
  );
}
