import { Fragment } from "react";

/** A package id that may wrap after its dots rather than mid-word on a narrow screen. */
export function BreakableId({ id }: { id: string }) {
  const parts = id.split(".");
  return (
    <>
      {parts.map((part, i) => (
        <Fragment key={i}>
          {part}
          {i < parts.length - 1 && (
            <>
              .<wbr />
            </>
          )}
        </Fragment>
      ))}
    </>
  );
}
