import { render } from "preact";
import { App } from "./App";
import { onLinkClick } from "./router";
import "./style.css";

document.addEventListener("click", onLinkClick);
const root = document.getElementById("app");
if (root) render(<App />, root);
