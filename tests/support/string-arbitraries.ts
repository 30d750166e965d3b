import fc from "fast-check";

/** Strings over every unit fast-check has, plus hand-picked nasties (NUL, lone surrogates, BOM, RTL). */
export const anyString = (maxLength: number) =>
  fc.oneof(
    fc.string({ unit: "binary", maxLength }),
    fc.string({ unit: "grapheme", maxLength }),
    fc.string({ unit: "binary-ascii", maxLength }),
    fc.string({ maxLength }),
    fc.constantFrom(
      "",
      " ",
      "\t\n ",
      "\u0000",
      "a\u0000b",
      "\ud800",
      "x\udc00y",
      "\ufeff",
      "\u200b",
      "\u202e",
      "\u00a0",
    ),
  );

export const whitespace = fc.string({
  unit: fc.constantFrom(" ", "\t", "\n", "\r", "\u00a0", "\u2003", "\u3000", "\ufeff"),
  maxLength: 10,
});

export const validIdText = fc.stringMatching(/^\w{1,12}(?:[.-]\w{1,12}){0,4}$/);

/** A mixed alphabet: the glob's own characters, path and space characters, unicode and controls. */
const mixedUnit = fc.oneof(
  { arbitrary: fc.constantFrom(..."abcXYZ019._-*"), weight: 8 },
  {
    arbitrary: fc.constantFrom("/", "\\", " ", "?", "[", "]", "{", "}", "!", "(", ")", "+", "@", "|", ",", "$", "^"),
    weight: 2,
  },
  { arbitrary: fc.constantFrom("é", "ß", "İ", "ı", "K", "\u0000", "\n", "\u200b", "😀", "Ａ", "٣"), weight: 1 },
);
export const mixedString = (maxLength: number) => fc.string({ unit: mixedUnit, maxLength });
