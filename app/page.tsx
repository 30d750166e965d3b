import { redirect } from "next/navigation";
import { currentUser } from "@/lib/auth/session";

/** The front door: a signed-in person's keys, or the public package list for everyone else, as on nuget.org. */
export default async function Home() {
  redirect((await currentUser()) ? "/account/apikeys" : "/packages");
}
