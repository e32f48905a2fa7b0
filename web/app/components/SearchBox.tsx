// The search box with search-as-you-type suggestions: an ARIA combobox
// (arrow keys move through suggestions, Enter takes one, Escape closes).
import { useEffect, useState } from 'preact/hooks';
import { graphql } from '../gql';
import { execute } from '../graphql';
import { label } from '../format';

const SuggestOperation = graphql(`
  query Suggest($prefix: String!) {
    suggest(prefix: $prefix, first: 8) {
      kind
      text
      count
    }
  }
`);

type Suggestion = { kind: string; text: string; count: number };

export function SearchBox({ initial, onSearch }: { initial: string; onSearch: (query: string) => void }) {
  const [text, setText] = useState(initial);
  const [suggestions, setSuggestions] = useState<Suggestion[]>([]);
  const [active, setActive] = useState(-1);
  const [open, setOpen] = useState(false);

  useEffect(() => setText(initial), [initial]);

  useEffect(() => {
    const prefix = text.trim();
    if (!open || prefix.length < 2) {
      setSuggestions([]);
      return;
    }
    let current = true;
    // A short pause while typing, so each keystroke does not ask.
    const timer = setTimeout(async () => {
      const result = await execute(SuggestOperation, { prefix });
      if (current) {
        setSuggestions(result.data?.suggest ?? []);
        setActive(-1);
      }
    }, 120);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [text, open]);

  const submit = (query: string) => {
    setOpen(false);
    setText(query);
    onSearch(query.trim());
  };

  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' && suggestions.length) {
      event.preventDefault();
      setOpen(true);
      setActive((index) => (index + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length) {
      event.preventDefault();
      setActive((index) => (index <= 0 ? suggestions.length - 1 : index - 1));
    } else if (event.key === 'Escape') {
      setOpen(false);
    } else if (event.key === 'Enter' && open && active >= 0 && suggestions[active]) {
      event.preventDefault();
      submit(suggestions[active].text);
    }
  };

  const expanded = open && suggestions.length > 0;
  return (
    <form
      class="search-box"
      role="search"
      onSubmit={(event) => {
        event.preventDefault();
        submit(text);
      }}
    >
      <label for="search-query" class="visually-hidden">
        Search jobs
      </label>
      <input
        id="search-query"
        type="search"
        placeholder="Job title, skill or company"
        autocomplete="off"
        role="combobox"
        list={undefined}
        aria-autocomplete="list"
        aria-expanded={expanded}
        aria-controls="search-suggestions"
        aria-activedescendant={expanded && active >= 0 ? `suggestion-${active}` : undefined}
        value={text}
        onInput={(event) => {
          setText(event.currentTarget.value);
          setOpen(true);
        }}
        onKeyDown={onKeyDown}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
      />
      <button type="submit">Search</button>
      <ul id="search-suggestions" role="listbox" aria-label="Suggestions" hidden={!expanded}>
        {suggestions.map((suggestion, index) => (
          <li
            id={`suggestion-${index}`}
            key={`${suggestion.kind}:${suggestion.text}`}
            role="option"
            aria-selected={index === active}
            class={index === active ? 'active' : undefined}
            onMouseDown={(event) => {
              event.preventDefault();
              submit(suggestion.text);
            }}
          >
            <span>{suggestion.text}</span>
            <small>
              {label(suggestion.kind)} · {suggestion.count}
            </small>
          </li>
        ))}
      </ul>
    </form>
  );
}
