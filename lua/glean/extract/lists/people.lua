-- Words around people's names, written by hand for glean from common knowledge.
--   titles:   come before a name (`Chancellor Angela Merkel`, `Mr. Smith`, `Dr Li`)
--   roles:    job words that come before a name in news (`striker Alan Shearer`)
--   particles: lowercase parts inside names (`Ludwig van Beethoven`, `Charles de Gaulle`)
--   suffixes: come after a name (`Martin Luther King Jr.`)
-- Words that end in a full stop are matched exactly as written.
local M = {}

M.titles = {
  "Mr.", "Mr", "Mrs.", "Mrs", "Ms.", "Ms", "Miss", "Mme", "Mme.", "Mlle", "Dr.", "Dr",
  "Prof.", "Prof", "Professor", "Sir", "Dame", "Lord", "Lady", "Baroness", "Baron",
  "Rev.", "Rev", "Reverend", "Father", "Mother", "Fr.", "Sister", "Brother", "Rabbi", "Imam",
  "Sheikh", "Sheik", "Ayatollah", "Cardinal", "Archbishop", "Bishop", "Pope", "Saint",
  "King", "Queen", "Prince", "Princess", "Emperor", "Empress", "Crown Prince", "Duke",
  "Duchess", "Earl", "Count", "Countess", "Sultan", "Emir", "Shah", "Tsar", "Czar",
  "President", "Vice President", "Vice-President", "President-elect", "Premier",
  "Prime Minister", "Deputy Prime Minister", "Chancellor", "Vice Chancellor", "Minister",
  "Foreign Minister", "Finance Minister", "Defence Minister", "Defense Minister",
  "Interior Minister", "Trade Minister", "Economy Minister", "Justice Minister",
  "Health Minister", "Energy Minister", "Oil Minister", "Agriculture Minister",
  "Secretary", "Secretary of State", "Secretary-General", "Secretary General",
  "Foreign Secretary", "Home Secretary", "Defence Secretary", "Culture Secretary",
  "Health Secretary", "Education Secretary", "Treasury Secretary", "Attorney General",
  "Attorney-General", "Governor", "Gov.", "Senator", "Sen.", "Congressman",
  "Congresswoman", "Rep.", "Representative", "Mayor", "Ambassador", "Envoy", "Commissioner",
  "Chairman", "Chairwoman", "Chief Executive", "Judge", "Justice", "Chief Justice",
  "General", "Gen.", "Lieutenant", "Lt.", "Colonel", "Col.", "Major", "Maj.", "Captain",
  "Capt.", "Sergeant", "Sgt.", "Corporal", "Private", "Admiral", "Adm.", "Commander",
  "Marshal", "Field Marshal", "Brigadier", "Inspector", "Detective", "Chief Inspector",
  "Superintendent", "Constable", "Officer", "Coach", "Manager", "Skipper", "Speaker",
  "MP", "MEP", "Councillor", "Cllr", "Alderman", "Deputy", "Dean", "Provost", "Chief",
  "Pres.", "Gov", "Supt", "Det", "Insp", "Sgt", "Lt", "Gen", "Col", "Capt", "Mgr",
}

M.roles = {
  "spokesman", "spokeswoman", "spokesperson", "chairman", "chairwoman", "chief",
  "president", "director", "minister", "secretary", "leader", "official", "analyst",
  "economist", "striker", "midfielder", "defender", "goalkeeper", "forward", "winger",
  "captain", "coach", "manager", "batsman", "bowler", "pitcher", "quarterback",
  "champion", "driver", "rider", "jockey", "trainer", "actor", "actress", "singer",
  "director", "producer", "writer", "author", "novelist", "poet", "artist", "composer",
  "rapper", "guitarist", "drummer", "comedian", "presenter", "broadcaster", "reporter",
  "journalist", "editor", "columnist", "lawyer", "attorney", "prosecutor", "judge",
  "professor", "researcher", "scientist", "doctor", "surgeon", "nurse", "governor",
  "senator", "mayor", "ambassador", "envoy", "negotiator", "diplomat", "lawmaker",
  "legislator", "chancellor", "premier", "dictator", "rebel", "commander", "general",
  "colonel", "executive", "founder", "boss", "owner", "investor", "banker", "trader",
  "dealer", "strategist", "consultant", "architect", "designer", "chef", "player",
  "veteran", "rookie", "teammate", "compatriot", "countryman", "opponent", "challenger",
  "incumbent", "candidate", "nominee", "rival", "colleague", "predecessor", "successor",
  "father", "mother", "son", "daughter", "wife", "husband", "brother", "sister", "uncle",
  "aunt", "widow", "cousin", "grandson", "granddaughter", "fiancee", "fiance",
}

M.particles = {
  "van", "von", "de", "der", "den", "da", "di", "del", "della", "dos", "das", "du", "la",
  "le", "bin", "ibn", "bint", "al", "el", "ben", "abu", "ter", "ten", "zu", "y", "mac",
}

M.suffixes = { "Jr.", "Jr", "Sr.", "Sr", "II", "III", "IV", "Jnr", "Snr" }

return M
