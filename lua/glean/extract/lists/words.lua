-- Capitalised words the entity recognizer (glean.extract.entities) treats specially,
-- written by hand for glean. Each list is an array of exact texts.
local M = {}

-- First names that are also everyday capitalised words: alone they say nothing.
M.weak_first = { "Will", "May", "Mark", "Bill", "Grace", "Hope", "Joy", "Rose",
  "Frank", "Guy", "Art", "Pat", "Sue", "Gene", "Dean", "Glen", "Bud", "Chip", "Ray", "Drew",
  "Wade", "Chase", "Hunter", "Major", "Dawn", "April", "June", "Faith", "Ivy", "Holly", "Amber",
  "Ruby", "Crystal", "Pearl", "Violet", "Daisy", "Hazel", "Iris", "Olive", "Heather", "Penny",
  "Sandy", "Rusty", "Skip", "Buster", "Bo", "Kit", "Jack", "Don", "Sunday", "Destiny",
  "Victoria", "Georgia", "Jordan", "Florence", "Chelsea", "Dallas", "Austin", "Madison",
  "Orlando", "Lincoln", "Winston", "Lance", "Pierre", "Nelson", "Sydney", "Virginia",
  "Carolina", "Paris", "Kent", "Troy", "Chad", "Cal", "Lee", "Kim", "Ban", "Park", "Sen",
  "Van", "Said", "Christian", "Ali", "Bob", "Max", "Rob", "Nick", "Sam", "Tom", "Jan", "Per",
  "Ole", "Jo", "Ed", "Les", "Mel", "Long", "Young", "Sung", "Ming", "Hong", "Wei", "Xi",
  "Li", "Ada", "Justice", "General", "Marshall", "Judge", "Jesus", "Santiago", "Santa",
  "Salvador", "Rosario", "Mercedes", "Soul", "Israel", "Abu", "Ahmed" }

-- Capitalised words that begin sentences or headings and are no names (`The`, `However`):
-- dropped from the front of a candidate.
M.leading = { "I", "A", "The", "This", "That", "These", "Those", "It", "He",
  "She", "We", "They", "You", "His", "Her", "Its", "Our", "Their", "My", "Your", "But", "And",
  "Or", "So", "If", "When", "While", "After", "Before", "Since", "As", "At", "In", "On", "Of",
  "For", "From", "To", "With", "By", "Under", "Over", "About", "Against", "Between", "Into",
  "Despite", "However", "Meanwhile", "Although", "Though", "Yet", "Still", "Also", "Now",
  "Then", "There", "Here", "What", "Which", "Who", "Whose", "Why", "How", "Where", "Not",
  "No", "Yes", "All", "Some", "Many", "Most", "More", "Much", "Few", "One", "Two", "Three",
  "First", "Second", "Last", "Next", "New", "Other", "Another", "Each", "Every", "Both",
  "Such", "Only", "Even", "Just", "Mr", "Mrs", "Ms", "Dr", "St", "Sir", "Lord", "Monday",
  "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday", "January", "February",
  "March", "April", "May", "June", "July", "August", "September", "October", "November",
  "December", "Jan", "Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
  "Dec", "TV", "Internet", "Web", "Net", "God", "Christmas", "Easter", "OK", "Today",
  "Tonight", "Yesterday", "Tomorrow", "According", "Although", "Asked", "Like", "Unlike",
  "Among", "Including", "Following", "During", "Because", "Until", "Whether", "Once",
  "Please", "Thank", "Thanks", "Well", "Oh", "Indeed", "Instead", "Perhaps", "Overall",
  "Elsewhere", "Earlier", "Later", "Again", "Already", "Finally", "Currently", "Recently",
}

-- Capitalised words that are no names alone but can begin one (`Federal Network Agency`).
M.not_alone = {
  "Chief", "Executive", "Director", "Minister", "President", "Secretary", "Government",
  "State", "Prime", "Foreign", "Federal", "National", "International", "Central",
  "Northern", "Southern", "Eastern", "Western", "North", "South", "East", "West", "Police",
  "Army", "Court", "Party", "Group", "Club", "League", "Cup", "Championship", "Open",
  "World", "Olympic", "Olympics", "Games", "Premier", "Division", "Round", "Final", "Quarter",
  "Semi", "Grand", "Prix", "Tour", "Test", "Series", "Day", "Week", "Year", "Month", "Page",
  "Section", "Article", "Act", "Bill", "Law", "Treaty", "Agreement", "Plan", "Report",
  "Index", "Prices", "Shares", "Results", "Standings", "Scores", "Result", "Score", "Table",
  "Note", "Source", "Sources", "Reuters", "Ltd", "Inc", "Corp", "Co", "PLC", "Plc", "AM", "PM",
  "CEO", "GDP", "DVD", "CD", "PC", "EST", "GMT", "MW", "NOTE", "UPDATE", "RESULTS",
  "STANDINGS", "SUMMARY", "DIVISION", "LEAGUE", "CHAMPIONSHIP", "CUP", "WORLD", "TEST",
  "Spring", "Summer", "Autumn", "Winter",
}

-- Last words of capitalised runs that name events, laws, prizes, institutions or roles,
-- not people (`Hutton Inquiry`, `Freedom of Information Act`, `Birmingham Grand Prix`,
-- `Shadow Secretary`, `Hans Christian Andersen School`): a run ending in one is no
-- PERSON. Not the organisation head words that are also surnames (`Steel`, `Bank`).
M.not_person_last = { "Inquiry", "Act", "Bill", "Prix", "Championships", "Championship",
  "Cup", "Trophy", "Games", "Award", "Awards", "Prize", "Prizes", "Festival", "Conference",
  "Summit", "Report", "Treaty", "Agreement", "Convention", "Olympics", "Marathon",
  "Tournament", "Series", "Programme", "Program", "Secretary", "Minister", "Borders",
  "Organizations", "Organisations", "Nations", "Rights", "Order", "Plan", "Strategy",
  "Directive", "Regulations", "Charter", "Declaration", "Accord", "Initiative", "School",
  "University", "College", "Academy", "Hospital", "Museum", "Institute", "Foundation",
  "Agency", "Ministry", "Department", "Commission", "Committee", "Council", "Association",
  "Federation", "Embassy", "Theatre", "Society", "Union", "Party", "Centre", "Center",
  "Library", "Gallery", "Stadium", "Airport", "Election", "Elections" }

-- Acronyms that are common words, not organisations.
M.common_acronyms = { "CEO", "CFO", "COO", "GDP", "GNP", "TV", "DVD", "CD", "PC",
  "PCs", "MP", "MPs", "MEP", "MEPs", "AM", "PM", "OK", "US", "UK", "USA", "EU", "UN", "IT",
  "AIDS", "HIV", "SARS", "BSE", "CJD", "DNA", "VAT", "IPO", "M&A", "CPI", "PPI", "RPI",
  "GMT", "EST", "BST", "CET", "AD", "BC", "FM", "AM", "HQ", "ID", "IQ", "PR", "QC", "VIP",
  "ATM", "SUV", "MP3", "PDA", "PSP", "DS", "SMS", "3G", "4G", "5G", "WiFi", "LCD", "HD",
  "NOTE", "RESULTS", "UPDATE", "FACTBOX", "WRAPUP", "PREVIEW", "REPEAT", "CORRECTED",
  "MW", "KG", "KM", "MPH", "LBS", "OZ", "PCT", "YR", "Q1", "Q2", "Q3", "Q4", "H1", "H2",
  "UV", "LED", "RFID", "GPRS", "GSM", "USB", "CPU", "RAM", "HTML", "URL", "WWW",
  "NZ", "RSA", "UAE", "OF", "THE", "AND", "IN", "ON", "TO", "FOR", "AT", "BY", "A", "I",
  "II", "III", "IV", "V", "VI", "VII", "X", "XI", "LTD", "INC", "CORP", "CO", "PLC", "ST",
  "FC", "AFC", "NV", "SA", "AG", "GMBH", "UEFA", "FIFA", "JAN", "FEB", "MAR", "APR", "MAY",
  "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC", "MLN", "BLN", "PCT", "PTS", "NET",
  "GMT", "CST", "EDT", "PDT", "TOTAL", "AVG" }

return M
