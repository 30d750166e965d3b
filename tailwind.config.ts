import type { Config } from "tailwindcss";

export default {
  content: ["./app/**/*.{ts,tsx}", "./components/**/*.{ts,tsx}"],
  theme: {
    extend: {
      colors: {
        brand: { DEFAULT: "#004880", dark: "#002440", light: "#e6f0f8" },
        accent: "#5ba2dd",
      },
      fontFamily: {
        sans: ["Segoe UI", "DejaVu Sans", "Helvetica Neue", "Arial", "sans-serif"],
        mono: ["DejaVu Sans Mono", "Menlo", "Consolas", "monospace"],
      },
    },
  },
} satisfies Config;
