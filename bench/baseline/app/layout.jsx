// The smallest document a page needs.
export const metadata = { title: "Baseline" };

export default function RootLayout({ children }) {
  return (
    <html lang="en">
      <body>{children}</body>
    </html>
  );
}
