// A page's frame: its title in the document and an h1 that takes focus on
// navigation, so keyboard and screen reader users land on the new page.
import type { ComponentChildren } from 'preact';
import { useEffect, useRef } from 'preact/hooks';

export function Page({ title, children, wide }: { title: string; children: ComponentChildren; wide?: boolean }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    document.title = `${title} · Jobgraph`;
  }, [title]);
  useEffect(() => {
    if (pageChanged) heading.current?.focus();
    pageChanged = true;
  }, []);
  return (
    <section class={wide ? 'page wide' : 'page'} aria-labelledby="page-title">
      <h1 id="page-title" tabIndex={-1} ref={heading}>
        {title}
      </h1>
      {children}
    </section>
  );
}

// The first page of a visit keeps focus where the browser put it.
let pageChanged = false;
