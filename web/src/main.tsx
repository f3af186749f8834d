import { render } from "solid-js/web";
import { App } from "./App";
import "./styles.css";

const root = document.getElementById("root")!;
root.textContent = ""; // the inline loading screen from index.html
render(() => <App />, root);
