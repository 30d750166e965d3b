import type { Metadata } from "next";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Package Gallery", template: "%s | Package Gallery" },
  description: "A NuGet package gallery with scoped API keys.",
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen font-sans">{children}</body>
    </html>
  );
}
