// A page with one client component: the framework's JavaScript floor.
import { Counter } from "./counter";

export default function ClientPage() {
  return (
    <main>
      <h1>Client</h1>
      <Counter />
    </main>
  );
}
