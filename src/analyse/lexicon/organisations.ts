/**
 * Organisations: well-known acronyms and names (international bodies, agencies, parties, news media,
 * large companies), and the head words that make an unknown capitalised span an organisation
 * ("... Ministry", "... Bank"). `Canonical|alias,alias`. Hand-made and small on purpose.
 */
const KNOWN = `
Nato|NATO,North Atlantic Treaty Organization,North Atlantic Treaty Organisation
OSCE|Organization for Security and Co-operation in Europe
UN|U.N.,United Nations
EU|E.U.
European Union
European Commission
IMF|International Monetary Fund
World Bank
WHO|World Health Organization
WTO|World Trade Organization
Opec|OPEC
Unesco|UNESCO
Unicef|UNICEF
Interpol
Red Cross
Amnesty International
Human Rights Watch
Greenpeace
G7
G20|Group of 20
FSB
SBU
KGB
GRU
CIA
FBI
NSA
DEA
ATF
NASA|Nasa
Pentagon
Kremlin
White House
Congress
Senate
State Department
Foreign Office
Home Office
Downing Street
Bundestag
Duma|State Duma
Security Council
Taliban
Hamas
Hezbollah
Isis|ISIS,Islamic State
al-Qaida|al-Qaeda,Al Qaeda,Al-Qaeda
Swift|SWIFT
Gazprom
Rosneft
Nord Stream 2|Nord Stream
Reuters
AFP|Agence France-Presse
AP|Associated Press
BBC
CNN
NBC
ABC
CBS
Fox News
NPR
Bloomberg
Guardian
New York Times
Washington Post
Wall Street Journal
Financial Times
Times
Telegraph
Daily Mail
Mirror
Sun
Economist
Politico
Tass|TASS
RIA Novosti
Interfax
Xinhua
KCNA
Yonhap
Al Jazeera
Twitter
Facebook
Instagram
YouTube
Google
Alphabet
Apple
Amazon
Microsoft
Meta
Netflix
Uber
Tesla
SpaceX
Intel
AMD
Nvidia
IBM
Samsung
Sony
Huawei
Toyota
Volkswagen
Boeing
Airbus
Equifax
Walmart
Goldman Sachs
JPMorgan
Wells Fargo
Citigroup
HSBC
Barclays
Deutsche Bank
Shell
BP
ExxonMobil|Exxon
Wikileaks|WikiLeaks
FIFA|Fifa
Uefa|UEFA
IOC
NFL
NBA
MLB
NHL
Democratic Party|Democrats
Republican Party|Republicans,GOP
Labour|Labour Party
Conservative Party|Conservatives,Tories
Liberal Democrats
SNP
`;

export interface OrgEntry { canonical: string; aliases: string[] }

export const ORGANISATIONS: readonly OrgEntry[] = KNOWN.trim().split('\n').map((line) => {
  const [canonical = '', aliases = ''] = line.split('|');
  return { canonical: canonical.trim(), aliases: aliases.split(',').map((x) => x.trim()).filter(Boolean) };
});

/** The last word of a capitalised span that makes it an organisation. */
export const ORG_HEADS = new Set(`Ministry Council Party Bank Bancorp University College School Academy Agency Corp Corporation
Inc Ltd Plc PLC LLC Co Company Companies Group Holdings Association Committee Commission Department Office Service Services
Police Court Parliament Assembly Army Navy Force Forces Guard Airlines Airways Air Institute Foundation Trust Center Centre
Hospital Clinic Fund Union Organization Organisation League Club Authority Board Bureau Administration Church Network Records
Studios Motors Technologies Technology Systems Labs Laboratories Federation Alliance Coalition Movement Front Brigade Brigades
Markets Capital Partners Insurance Investments Bankers Times Post Herald Tribune Journal Gazette Telegraph News Daily Weekly
Press Magazine Review Chronicle Observer Standard Monitor Recovery Pizza Restaurant Cafe Bar Hotel Hotels Stores Store
Consortium Society Institution Federation Museum Theatre Theater Orchestra Project Commission Cabinet Senate Congress
Chamber FC United Rovers Wanderers Unit
Staff Prison Jail Penitentiary Correction Corrections Congress Senate Tribunal Marshals Customs Survey Patrol
Library Libraries Engineering Protection Brothers Estates Bio Security Mutual Pharma Logistics Command`.split(/\s+/));

/** First words that, followed by "of", make a span an organisation ("Ministry of Defence", "Bank of England"). */
export const ORG_OF_HEADS = new Set(`Ministry Department Bank University College Board Bureau Institute Council Committee
Office Court Federation Association Union League Church House Chamber Academy Society Group Organization Organisation
Consortium Federal National Royal`.split(/\s+/));

/** Acronyms that are not entities (units, roles, time zones, formats). */
export const NON_ENTITY_ACRONYMS = new Set(`TV CEO CFO COO CTO AM PM DUI DWI SUV ET EST EDT PST PDT BST GMT CET UTC KO KOS MVP PC DNA HIV
AIDS UFO PDF FAQ OK ID IT AI GDP CCTV MP MPS MEP QC TKO RPG LGBT LGBTQ VIP USB GPS SMS URL HTML PR HQ RIP ICU ER IQ CD DVD
BC AD RBI PPE MPH KPH KM MM CM KG TNT AK VAT NB PS FYI LOL OMG CV HR IP IPO ETF ESG EV NYSE NASDAQ SM PPI CPI OTC IVF MIA AWOL`.split(/\s+/));
