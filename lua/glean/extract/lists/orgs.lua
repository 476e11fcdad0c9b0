-- Organisations, written by hand for glean from common knowledge: international
-- bodies, well-known companies, news organisations and sports bodies (ORG), plus the
-- words that make a capitalised phrase an organisation: legal suffixes (`Co.`, `AG`),
-- head words (`Agency`, `Ministry`, `United`) and the first words of club names.
local M = {}

-- `exact` entries match only this spelling (`WHO` the organisation, not `who`).
M.exact = {
  "UN", "U.N.", "EU", "E.U.", "NATO", "OPEC", "IMF", "WTO", "WHO", "OECD", "ASEAN", "APEC",
  "UNICEF", "UNESCO", "UNHCR", "IAEA", "OSCE", "FIFA", "UEFA", "IOC", "ICC", "ECB", "FBI",
  "CIA", "NSA", "NASA", "FDA", "EPA", "SEC", "FTC", "FCC", "IRS", "BBC", "CNN", "ABC",
  "NBC", "CBS", "AFP", "AP", "ITV", "NHS", "MI5", "MI6", "KGB", "FSB", "PLO", "ANC", "IRA",
  "ETA", "PKK", "G7", "G8", "G20", "AU", "OAU", "NAFTA", "ECOWAS", "SADC", "GATT", "ILO",
  "FAO", "WFP", "UNDP", "UNEP", "ICRC", "NYSE", "NASDAQ", "Nasdaq", "FTSE", "DAX", "IBM",
  "AT&T", "GM", "BMW", "VW", "HSBC", "RBS", "BP", "EADS", "ZTE", "SAP", "LG", "HP", "AMD",
  "BA", "KLM", "BHP", "ING", "UBS", "ABN", "AIG", "GE", "RAF", "SNP", "DUP", "SDLP", "CDU",
  "CSU", "SPD", "FDP", "PSOE", "ANZ", "BSI", "ITU", "WWF", "IPCC", "IEA", "NRA", "ACLU",
  "NFL", "NBA", "MLB", "NHL", "PGA", "ATP", "WTA", "ECB", "BoE", "Fed", "OFT", "FSA",
}

M.names = {
  -- international and European bodies
  "United Nations", "UN Security Council", "Security Council", "General Assembly",
  "European Union", "European Commission", "European Parliament", "European Council",
  "Council of Europe", "Council of Ministers", "European Central Bank", "European Court",
  "European Court of Justice", "European Court of Human Rights", "World Bank",
  "International Monetary Fund", "World Trade Organization", "World Trade Organisation",
  "World Health Organization", "World Health Organisation", "Red Cross", "Red Crescent",
  "International Red Cross", "Amnesty International", "Human Rights Watch", "Greenpeace",
  "Medecins Sans Frontieres", "Doctors Without Borders", "Oxfam", "Interpol", "Europol",
  "North Atlantic Treaty Organization", "Warsaw Pact", "African Union", "Arab League",
  "Organisation of African Unity", "Organization of American States", "Commonwealth",
  "International Atomic Energy Agency", "International Criminal Court",
  "International Court of Justice", "World Economic Forum", "Paris Club", "London Club",
  "Bank for International Settlements", "Gulf Cooperation Council", "Mercosur",
  "Asian Development Bank", "African Development Bank", "Inter-American Development Bank",
  "European Bank for Reconstruction and Development", "Organisation for Economic Co-operation and Development",
  "International Olympic Committee", "International Cricket Council", "Davis Cup",
  -- governments, central banks and agencies often named without their country
  "Federal Reserve", "Bundesbank", "Bank of England", "Bank of Japan", "Pentagon",
  "White House", "State Department", "Justice Department", "Treasury", "Congress",
  "Senate", "House of Representatives", "House of Commons", "House of Lords", "Parliament",
  "Bundestag", "Bundesrat", "Duma", "State Duma", "Knesset", "Politburo", "Kremlin",
  "Downing Street", "Scotland Yard", "Supreme Court", "High Court", "Court of Appeal",
  "Foreign Office", "Home Office", "Met Office", "Environment Agency", "Labour",
  "Labour Party", "Conservative Party", "Liberal Democrats", "Democratic Party",
  "Republican Party", "Communist Party", "Social Democrats", "Christian Democrats",
  "Hamas", "Hezbollah", "Hizbollah", "Fatah", "al-Qaeda", "al Qaeda", "Al Qaeda",
  "Taliban", "Khmer Rouge", "Sinn Fein", "Solidarity", "Tamil Tigers",
  -- news organisations
  "Reuters", "Associated Press", "Agence France-Presse", "Bloomberg", "Dow Jones",
  "Xinhua", "Itar-Tass", "Tass", "Interfax", "Kyodo", "Yonhap", "Handelsblatt",
  "Financial Times", "Wall Street Journal", "New York Times", "Washington Post",
  "The Times", "The Guardian", "Guardian", "Daily Telegraph", "Telegraph", 
  "Daily Mail", "The Sun", "The Economist", "Economist", "Le Monde", "Le Figaro",
  "Der Spiegel", "Spiegel", "Die Welt", "Bild", "Frankfurter Allgemeine", "Corriere della Sera",
  "La Repubblica", "El Pais", "Asahi", "Yomiuri", "People's Daily", "Pravda", "Izvestia",
  "Al Jazeera", "Al-Jazeera", "Sky News", "Channel 4", "Fox News", "USA Today", 
  "Newsweek", "Forbes", "Billboard", "Standard & Poor's", "Moody's",
  "Fitch", "Nikkei",
  -- companies
  "Huawei", "Huawei Technologies", "Deutsche Telekom", "Vodafone", "Telefonica", "Ericsson",
  "Nokia", "Siemens", "Volkswagen", "Daimler", "DaimlerChrysler", "Mercedes-Benz",
  "Bayer", "BASF", "Allianz", "Deutsche Bank", "Commerzbank", "Dresdner Bank", "Lufthansa",
  "Airbus", "Boeing", "Microsoft", "Apple", "Google", "Yahoo", "Amazon.com", "eBay",
  "Intel", "Motorola", "Sony", "Toshiba", "Hitachi", "Panasonic", "Matsushita", "Samsung",
  "Hyundai", "Toyota", "Honda", "Nissan", "Mitsubishi", "Mazda", "Fiat", "Renault",
  "Peugeot", "Citroen", "Volvo", "Saab", "Ford", "General Motors", "Chrysler", "Exxon",
  "ExxonMobil", "Mobil", "Shell", "Royal Dutch Shell", "Chevron", "Texaco", 
  "Gazprom", "Yukos", "Lukoil", "Rosneft", "Aeroflot", "Philips", "Unilever", "Nestle",
  "Novartis", "Roche", "Pfizer", "GlaxoSmithKline", "Glaxo", "AstraZeneca", "Merck",
  "Citigroup", "Citibank", "Goldman Sachs", "Morgan Stanley", "JP Morgan", "Merrill Lynch",
  "Lehman Brothers", "Barclays", "Lloyds", "Lloyds TSB", "NatWest", "Halifax", "Santander",
  "BNP Paribas", "Credit Suisse", "Credit Lyonnais", "Societe Generale", "Nomura",
  "Walmart", "Wal-Mart", "Tesco", "Sainsbury's", "Marks & Spencer", "Carrefour", "Ikea",
  "McDonald's", "Coca-Cola", "Pepsi", "PepsiCo", "Disney", "Time Warner", "AOL",
  "Warner Bros", "Vivendi", "Bertelsmann", "News Corp", "News Corporation", "Viacom",
  "EMI", "Sony BMG", "Nintendo", "Sega", "Microsoft", "Oracle", "Cisco",
  "Dell", "Compaq", "Hewlett-Packard", "Xerox", "Kodak", "Canon", "Fujitsu", "NEC",
  "Alcatel", "Nortel", "Lucent", "Qualcomm", "BT", "British Telecom", "France Telecom",
  "Telecom Italia", "O2", "T-Mobile", "Verizon", "Sprint", "Vivendi Universal",
  "British Airways", "Air France", "Ryanair", "easyJet", "Qantas", "Emirates",
  "Rolls-Royce", "BAE Systems", "Lockheed Martin", "Northrop Grumman", "Raytheon",
  "Enron", "WorldCom", "Parmalat", "Arsenal", "Chelsea", "Liverpool FC", "Juventus",
  "Ajax", "PSV", "Feyenoord", "Benfica", "Celtic", "Rangers",
}

-- Legal forms after a company name: `Huawei Technologies Co.`, `Siemens AG`.
M.suffixes = {
  "Co.", "Co", "Cos.", "Corp.", "Corp", "Corporation", "Inc.", "Inc", "Incorporated",
  "Ltd.", "Ltd", "Limited", "LLC", "L.L.C.", "LLP", "LP", "L.P.", "plc", "Plc", "PLC",
  "AG", "GmbH", "KG", "SA", "S.A.", "SpA", "S.p.A.", "NV", "N.V.", "BV", "B.V.", "AB",
  "ASA", "A/S", "Oy", "Oyj", "SE", "SAS", "SARL", "Sarl", "Pty", "Bhd", "Berhad", "Tbk",
  "Holdings", "Group", "& Co.", "& Co", "Company",
}

-- Words that end (or head) the name of an organisation: `Federal Network Agency`,
-- `Ministry of Defence`, `Bank of England`, `Manchester United`.
M.heads = {
  "Agency", "Authority", "Administration", "Ministry", "Department", "Commission",
  "Committee", "Council", "Office", "Bureau", "Board", "Service", "Services", "Institute",
  "Institution", "Foundation", "Fund", "Trust", "Association", "Federation", "Union",
  "League", "Organisation", "Organization", "Society", "Alliance", "Coalition", "Movement",
  "Front", "Party", "Assembly", "Parliament", "Congress", "Senate", "Cabinet", "Court",
  "Tribunal", "Police", "Army", "Navy", "Force", "Forces", "Guard", "Bank", "Bancorp",
  "Exchange", "Securities", "Capital", "Partners", "Investments", "Insurance", "Airlines",
  "Airways", "Motors", "Motor", "Industries", "Industry", "Electric", "Electronics",
  "Energy", "Oil", "Petroleum", "Gas", "Mining", "Steel", "Chemicals", "Pharmaceuticals",
  "Technologies", "Technology", "Systems", "Software", "Communications", "Telecom",
  "Telecommunications", "Networks", "Media", "Entertainment", "Pictures", "Studios",
  "Records", "Publishing", "Press", "Times", "Post", "Journal", "News", "Herald",
  "Tribune", "Gazette", "Telegraph", "Broadcasting", "Television", "Radio", "Railways",
  "Railway", "Shipping", "Logistics", "Foods", "Brewery", "Stores", "Hotels", "Resources",
  "Holdings", "Group", "Enterprises", "Ventures", "University", "College", "School",
  "Academy", "Hospital", "Church", "Museum", "Orchestra", "Theatre", "Band", "Embassy",
  "Consulate",
  "Club", "United", "City", "Rovers", "Wanderers", "Athletic", "Albion", "Town", "County",
  "Hotspur", "Villa", "Rangers", "Olympic", "Olympique", "Sporting", "FC", "F.C.", "AFC",
  "CF", "SC", "SV", "BC", "Reds", "Sox", "Yankees", "Mets", "Giants", "Jets", "Bulls",
  "Lakers", "Celtics", "Knicks", "Warriors", "Kings", "Bears", "Lions", "Tigers", "Eagles",
  "Dolphins", "Patriots", "Cowboys", "Packers", "Raiders", "Steelers", "Braves", "Cubs",
  "Orioles", "Dodgers", "Pirates", "Mariners", "Cardinals", "Blue Jays", "Rockies",
  "Angels", "Padres", "Brewers", "Royals", "Twins", "Astros", "Expos", "Marlins",
  "Indians", "Athletics", "Phillies", "Reds", "Rams",
}

-- First words of club names: `Real Madrid`, `Bayern Munich`, `Inter Milan`.
M.club_prefixes = {
  "Real", "Atletico", "Athletic", "Bayern", "Borussia", "Inter", "AC", "AS", "SS", "FC",
  "Dynamo", "Dinamo", "Spartak", "Lokomotiv", "CSKA", "Sporting", "Olympique", "Racing",
  "Deportivo", "Steaua", "Rapid", "Red Star", "Hertha", "Werder", "Eintracht", "Hansa",
  "Fortuna", "Bayer", "Standard", "Sparta", "Slavia", "Legia", "Partizan", "Hajduk",
  "Galatasaray", "Fenerbahce", "Besiktas", "Panathinaikos", "Olympiakos", "AEK", "PAOK",
  "Celta", "Espanyol", "Hapoel", "Maccabi", "Beitar", "Union", "Vitesse", "Willem",
}
return M
