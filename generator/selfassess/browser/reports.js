// Entry of the reports bundle (generate/assets.py): the pages that show results rather than ask
// questions. app.js loads it when such a page shows; it hands app.js the function that draws
// each kind.
import { definePage } from "./app.js";
import { mountResults } from "./results.js";
import { mountTeam } from "./team.js";

definePage("results", mountResults);
definePage("team", mountTeam);
