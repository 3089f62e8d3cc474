import type { TestProject } from "vitest/node";
import { setup } from "./global-setup";

export default (project: TestProject) => setup(project);
