/**
 * Words that are capitalised for reasons other than being a name: function words at the start of a
 * sentence, days, months, titles. Checked on the word's lower-case form.
 */
export const FUNCTION_WORDS = new Set(`a an the this that these those it its it's he she they we you i his her their our your my
me him them us who whom whose which what when where why how while if then than and or but nor so yet for of in on at to
from by with without within into onto over under after before during since until about above below between among through
across against along around behind beyond despite toward towards upon as also not no yes all any both each every few more
most other some such only own same too very just still even ever never always often already again once here there now
later earlier today tonight tomorrow yesterday meanwhile however although though because unless whether instead rather
perhaps maybe indeed thus hence otherwise according asked speaking following last next first second third new old former
late many much several one two three four five six seven eight nine ten is are was were be been being has have had do does
did will would shall should can could may might must said says say told tells tell added asked called local national
federal state police officials authorities witnesses residents experts reports report sources source photos photo video
read story highlights advertisement continue updated published posted breaking news share comment comments click see
watch follow join get let please thanks thank dear oh hey well like our i'm i've i'll i'd i’m i’ve i’ll i’d`.split(/\s+/));

export const DAYS_MONTHS = new Set(`monday tuesday wednesday thursday friday saturday sunday mon tue tues wed thu thur thurs fri
sat sun january february march april may june july august september october november december jan feb mar apr jun jul aug
sep sept oct nov dec christmas easter ramadan`.split(/\s+/));

/** Title words before a name: evidence that the span after them is a person, and not part of the name. */
export const TITLES = new Set(`mr mrs ms miss dr prof sir dame lord lady president vice prime minister secretary chancellor
king queen prince princess pope sheikh senator sen rep representative congressman congresswoman governor gov mayor general
gen lt lieutenant col colonel maj major capt captain sgt sergeant cpl officer detective det sheriff deputy chief judge
justice commissioner ambassador envoy spokesman spokeswoman spokesperson director chairman chairwoman chair ceo founder
coach manager trooper inspector superintendent constable pc professor rev reverend father bishop archbishop cardinal
rabbi imam ayatollah commander admiral marshal prosecutor attorney lawyer coroner referee trainer quarterback producer
showrunner leader premier emperor crown foreign defence defense interior finance health home economy justice minister
analyst reporter editor columnist correspondent actor actress singer rapper comedian comic model star designer player
striker goalkeeper champion challenger boss aide adviser advisor economist historian author writer president-elect
senior former acting interim deputy assistant associate executive head doctor
official officials captain councillor councilor alderman grandmaster volcanologist epidemiologist scientist researcher
engineer`.split(/\s+/));

/**
 * Title words that say what a person does rather than name an office: news style writes them in lower
 * case before a name ("actor Tom Hanks", "the star Emma Stone"), so one capitalised inside a sentence
 * belongs to the name it opens ("Star Wars", "Model Railway Club"). Only where a sentence starts does
 * the capital say nothing ("Actor Tom Hanks said").
 */
export const DESCRIPTIVE_TITLES = new Set(`analyst reporter editor columnist correspondent actor actress singer rapper comedian comic model
star designer player striker goalkeeper champion challenger boss aide adviser advisor economist historian author writer
volcanologist epidemiologist scientist researcher engineer producer showrunner trainer`.split(/\s+/));

/** Titles that go before a surname alone ("Dr King", "Mr Major"), as against offices ("General Manager"). */
export const HONORIFICS = new Set(['mr', 'mrs', 'ms', 'miss', 'dr', 'sir', 'dame', 'lord', 'lady', 'prof', 'professor', 'rev', 'reverend', 'father']);

/** Words after a name that are not part of it. */
export const NAME_SUFFIXES = new Set(['jr', 'sr', 'qc', 'kc', 'esq', 'ii', 'iii', 'iv', 'mp', 'phd', 'md']);

/** Abbreviations whose full stop does not end a sentence. */
export const ABBREVIATIONS = new Set(`mr mrs ms dr prof sen rep gov gen lt col maj capt sgt cpl det st jr sr rev no vs etc inc
corp co ltd mt ft fla calif tex ariz colo conn tenn okla nev neb minn mich wyo vt ky ala wis esq dept univ adm cmdr supt insp`.split(/\s+/));
