import type { Metadata } from "next";
import "./globals.css";

// Every page is rendered per request so that proxy.ts can give its scripts a fresh CSP nonce.
export const dynamic = "force-dynamic";

export const metadata: Metadata = {
  title: { default: "Package Gallery", template: "%s | Package Gallery" },
  description: "A NuGet package gallery with scoped API keys.",
  // Static files in public/; the .ico is the fallback for browsers without SVG icons.
  icons: {
    icon: [
      { url: "/favicon.ico", sizes: "any" },
      { url: "/favicon.svg", type: "image/svg+xml" },
    ],
  },
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
