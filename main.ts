import { App } from "cdktf";
import { CorsoStack } from "./lib/corso-stack";

// Synthesizes Corso's documented registration; `cdktf deploy` or `terraform apply` deploys it.
// Stack traces stay out of the manifest so that synthesis is the same on every machine.
const app = new App({ context: { "@cdktf/disable_stack_trace_in_metadata": true } });
new CorsoStack(app, "corso");
app.synth();
