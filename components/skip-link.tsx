/** The first thing a keyboard reaches: straight past the header to the page's content. */
export function SkipLink() {
  return (
    <a
      href="#main"
      className="focus:text-brand sr-only focus:not-sr-only focus:absolute focus:top-2 focus:left-2 focus:z-50 focus:rounded focus:bg-white focus:px-4 focus:py-2 focus:shadow"
    >
      Skip to content
    </a>
  );
}
