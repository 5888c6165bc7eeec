/**
 * Places: countries (with their short forms and demonyms), major cities, US states and a few regions.
 * Hand-made and deliberately small: a place is found by these names, or by context (a head word such as
 * "Street" or "County", a preposition such as "in") for the long tail.
 *
 * Format of COUNTRIES lines: `Canonical name|alias,alias|demonym,demonym`. Demonyms are evidence for the
 * place, never mentions ("Ukrainian" -> Ukraine).
 */
const COUNTRIES = `
Afghanistan||Afghan,Afghans
Albania||Albanian,Albanians
Algeria||Algerian,Algerians
Angola||Angolan,Angolans
Argentina||Argentine,Argentinian,Argentinians
Armenia||Armenian,Armenians
Australia||Australian,Australians
Austria||Austrian,Austrians
Azerbaijan||Azerbaijani,Azerbaijanis
Bahrain||Bahraini,Bahrainis
Bangladesh||Bangladeshi,Bangladeshis
Belarus||Belarusian,Belarusians
Belgium||Belgian,Belgians
Bolivia||Bolivian,Bolivians
Bosnia||Bosnian,Bosnians
Brazil||Brazilian,Brazilians
Bulgaria||Bulgarian,Bulgarians
Cambodia||Cambodian,Cambodians
Cameroon||Cameroonian,Cameroonians
Canada||Canadian,Canadians
Chile||Chilean,Chileans
China|PRC|Chinese
Colombia||Colombian,Colombians
Costa Rica||Costa Rican,Costa Ricans
Croatia||Croatian,Croatians
Cuba||Cuban,Cubans
Cyprus||Cypriot,Cypriots
Czech Republic|Czechia|Czech,Czechs
Denmark||Danish,Dane,Danes
Ecuador||Ecuadorian,Ecuadorians
Egypt||Egyptian,Egyptians
Estonia||Estonian,Estonians
Ethiopia||Ethiopian,Ethiopians
Finland||Finnish,Finn,Finns
France||French
Georgia||Georgian,Georgians
Germany||German,Germans
Ghana||Ghanaian,Ghanaians
Greece||Greek,Greeks
Haiti||Haitian,Haitians
Hungary||Hungarian,Hungarians
Iceland||Icelandic,Icelanders
India||Indian,Indians
Indonesia||Indonesian,Indonesians
Iran||Iranian,Iranians
Iraq||Iraqi,Iraqis
Ireland|Republic of Ireland|Irish
Israel||Israeli,Israelis
Italy||Italian,Italians
Jamaica||Jamaican,Jamaicans
Japan||Japanese
Jordan||Jordanian,Jordanians
Kazakhstan||Kazakh,Kazakhs
Kenya||Kenyan,Kenyans
Kosovo||Kosovan,Kosovar,Kosovars
Kuwait||Kuwaiti,Kuwaitis
Latvia||Latvian,Latvians
Lebanon||Lebanese
Libya||Libyan,Libyans
Lithuania||Lithuanian,Lithuanians
Malaysia||Malaysian,Malaysians
Mexico||Mexican,Mexicans
Moldova||Moldovan,Moldovans
Morocco||Moroccan,Moroccans
Myanmar|Burma|Burmese
Nepal||Nepalese,Nepali
Netherlands|Holland|Dutch
New Zealand||New Zealander,New Zealanders
Nigeria||Nigerian,Nigerians
North Korea|DPRK|North Korean,North Koreans
Norway||Norwegian,Norwegians
Oman||Omani,Omanis
Pakistan||Pakistani,Pakistanis
Palestine||Palestinian,Palestinians
Panama||Panamanian,Panamanians,Panaman
Peru||Peruvian,Peruvians
Philippines||Filipino,Filipinos,Philippine
Poland||Polish,Pole,Poles
Portugal||Portuguese
Qatar||Qatari,Qataris
Romania||Romanian,Romanians
Russia|Russian Federation|Russian,Russians
Saudi Arabia||Saudi,Saudis
Serbia||Serbian,Serbians,Serb,Serbs
Singapore||Singaporean,Singaporeans
Slovakia||Slovak,Slovaks
Slovenia||Slovenian,Slovenians
Somalia||Somali,Somalis,Somalian,Somalians
South Africa||South African,South Africans
South Korea|Republic of Korea|South Korean,South Koreans
Spain||Spanish,Spaniard,Spaniards
Sri Lanka||Sri Lankan,Sri Lankans
Sudan||Sudanese
Sweden||Swedish,Swede,Swedes
Switzerland||Swiss
Syria||Syrian,Syrians
Taiwan||Taiwanese
Thailand||Thai,Thais
Tunisia||Tunisian,Tunisians
Turkey|Türkiye|Turkish,Turk,Turks
Uganda||Ugandan,Ugandans
Ukraine||Ukrainian,Ukrainians
United Arab Emirates|UAE,U.A.E.,Emirates|Emirati,Emiratis
United Kingdom|UK,U.K.,Britain,Great Britain|British,Briton,Britons
United States|US,U.S.,USA,U.S.A.,America,United States of America|American,Americans
Uruguay||Uruguayan,Uruguayans
Uzbekistan||Uzbek,Uzbeks
Venezuela||Venezuelan,Venezuelans
Vietnam||Vietnamese
Yemen||Yemeni,Yemenis
Zimbabwe||Zimbabwean,Zimbabweans
England||English
Scotland||Scottish,Scot,Scots
Wales||Welsh
Northern Ireland||
Europe||European,Europeans
Africa||African,Africans
Asia||Asian,Asians
Crimea||Crimean
Catalonia||Catalan,Catalans
Kurdistan||Kurdish,Kurd,Kurds
`;

/** Cities, states and regions: `Canonical|alias,alias`. */
const OTHER_PLACES = `
Kyiv|Kiev
Moscow
Washington|Washington DC,Washington D.C.
London
Paris
Berlin
Brussels
Geneva
Stockholm
Rome
Madrid
Barcelona
Lisbon
Vienna
Warsaw
Prague
Budapest
Athens
Istanbul
Vilnius
Riga
Tallinn
Helsinki
Oslo
Copenhagen
Dublin
Edinburgh
Belgrade
Bucharest
Sofia
Zagreb
Tbilisi
Yerevan
Baku
Tashkent
Astana
Hanoi
Bangkok
Manila
Jakarta
Kuala Lumpur
Dhaka
Colombo
Kathmandu
Addis Ababa
Khartoum
Algiers
Tunis
Rabat
Caracas
Bogota|Bogotá
Lima
Santiago
Brasilia|Brasília
Canberra
Amman
Sanaa
Muscat
Kinshasa
Kampala
Harare
Accra
Dakar
Abuja
Mogadishu
LAX
JFK
Heathrow
Ankara
Minsk
Donetsk
Luhansk
Kharkiv|Kharkov
Odesa|Odessa
Mariupol
Sevastopol
Donbas|Donbass
St Petersburg|Saint Petersburg,St. Petersburg
Beijing|Peking
Shanghai
Hong Kong
Hangzhou
Tokyo
Osaka
Hokkaido
Seoul
Pyongyang
Delhi|New Delhi
Mumbai|Bombay
Karachi
Islamabad
Kabul
Kandahar
Tehran
Baghdad
Damascus
Aleppo
Beirut
Jerusalem
Tel Aviv
Gaza
West Bank
Cairo
Riyadh
Dubai
Abu Dhabi
Doha
Benghazi
Tripoli
Nairobi
Lagos
Johannesburg
Cape Town
Sydney
Melbourne
Christchurch
Auckland
Wellington
Toronto
Montreal
Vancouver
Ottawa
Mexico City
Havana
Rio de Janeiro
Sao Paulo|São Paulo
Buenos Aires
New York|NY
New York City|NYC
Los Angeles|LA,L.A.
San Francisco
San Diego
Chicago
Boston
Houston
Dallas
Atlanta
Miami
Seattle
Philadelphia
Detroit
Baltimore
Pittsburgh
Portland
Denver
Phoenix
Las Vegas
New Orleans
Manhattan
Brooklyn
Queens
Bronx
Silicon Valley
Hollywood
Alabama|Ala.
Alaska
Arizona|Ariz.
Arkansas|Ark.
California|Calif.
Colorado|Colo.
Connecticut|Conn.
Delaware
Florida|Fla.
Hawaii
Idaho
Illinois
Indiana
Iowa
Kansas
Kentucky|Ky.
Louisiana
Maine
Maryland|Md.
Massachusetts
Michigan|Mich.
Minnesota|Minn.
Mississippi
Missouri
Montana|Mont.
Nebraska|Neb.
Nevada|Nev.
New Hampshire|N.H.
New Jersey|N.J.
New Mexico|N.M.
North Carolina|N.C.
North Dakota|N.D.
Ohio
Oklahoma|Okla.
Oregon
Pennsylvania
Rhode Island|R.I.
South Carolina|S.C.
South Dakota|S.D.
Tennessee|Tenn.
Texas|Tex.
Utah
Vermont|Vt.
Virginia
West Virginia|W.Va.
Wisconsin|Wis.
Wyoming|Wyo.
Ontario
Quebec
Bavaria
Scandinavia
Balkans
Caucasus
Siberia
Middle East
Latin America
North America
South America
Central America
Southeast Asia
East Asia
Northeast Asia
Antarctica
Arctic
Pacific|Pacific Ocean
Atlantic|Atlantic Ocean
Mediterranean|Mediterranean Sea
Baltic|Baltic Sea
Black Sea
Persian Gulf
Gulf of Aden
Caribbean
Korean Peninsula
Sahara
Himalayas
`;

export interface PlaceEntry { canonical: string; aliases: string[]; demonyms: string[] }

function parse(text: string): PlaceEntry[] {
  return text.trim().split('\n').map((line) => {
    const [canonical = '', aliases = '', demonyms = ''] = line.split('|');
    const list = (s: string) => s.split(',').map((x) => x.trim()).filter(Boolean);
    return { canonical: canonical.trim(), aliases: list(aliases), demonyms: list(demonyms) };
  });
}

export const PLACES: readonly PlaceEntry[] = [...parse(COUNTRIES), ...parse(OTHER_PLACES)];
