import { useEffect } from "preact/hooks";
import { Layout } from "./components/Layout";
import { Compare } from "./pages/Compare";
import { Framework } from "./pages/Framework";
import { Landscape } from "./pages/Landscape";
import { Quality } from "./pages/Quality";
import { Risks } from "./pages/Risks";
import { Search } from "./pages/Search";
import { Stack } from "./pages/Stack";
import { Vendor } from "./pages/Vendor";
import { useRoute } from "./router";

function page(path: string, params: URLSearchParams) {
  const vendor = /^\/vendor\/([^/]+)$/.exec(path);
  if (vendor?.[1]) return { title: undefined, name: "Vendor", body: <Vendor slug={decodeURIComponent(vendor[1])} /> };
  switch (path) {
    case "/":
      return { title: "Landscape", name: "Landscape", body: <Landscape params={params} /> };
    case "/framework":
      return { title: "The framework", name: "Framework", body: <Framework /> };
    case "/compare":
      return { title: "Compare vendors", name: "Compare", body: <Compare params={params} /> };
    case "/risks":
      return { title: "Risks and their mitigating tools", name: "Risks", body: <Risks params={params} /> };
    case "/quality":
      return { title: "Data quality", name: "Data quality", body: <Quality params={params} /> };
    case "/search":
      return { title: "Search", name: "Search", body: <Search params={params} /> };
    case "/stack":
      return {
        title: "Stack Builder",
        name: "Stack Builder",
        body: <Stack params={params} />,
      };
    default:
      return { title: "Page not found", name: "Not found", body: <p>No page at {path}.</p> };
  }
}

export function App() {
  const route = useRoute();
  const current = page(route.path, route.params);
  useEffect(() => {
    document.title = `${current.name} — Trust Before Intelligence`;
  }, [current.name]);
  return (
    <Layout path={route.path} query={route.path === "/search" ? (route.params.get("q") ?? "") : ""} title={current.title}>
      {current.body}
    </Layout>
  );
}
