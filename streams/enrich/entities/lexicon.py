"""Word lists the resolution rules read: titles, speech verbs, organisation heads."""

from __future__ import annotations

# Words that, right before a name, make it a person's ("Chancellor Olaf Scholz").
TITLES = frozenset({
    "president", "chancellor", "minister", "premier", "secretary", "senator", "sen", "sen.",
    "governor", "gov.", "mayor", "king", "queen", "prince", "princess", "pope", "mr", "mr.",
    "mrs", "mrs.", "ms", "ms.", "dr", "dr.", "sir", "dame", "lord", "lady", "general", "gen.",
    "colonel", "col.", "captain", "capt.", "judge", "justice", "ambassador", "rep.",
    "representative", "congressman", "congresswoman", "spokesman", "spokeswoman",
    "spokesperson", "sheikh", "cardinal", "archbishop", "bishop", "rev.", "reverend",
    "chairman", "chairwoman", "commissioner", "coach", "striker", "midfielder", "defender",
    "goalkeeper", "leader", "envoy", "prosecutor", "lawyer", "attorney", "economist",
    "analyst", "director", "ceo", "mp", "lawmaker", "deputy", "vice", "officer", "professor",
    "prof.", "emperor", "empress", "fullback", "winger", "forward", "centre", "center",
    "broker", "champion", "skipper", "manager", "trainer", "jockey", "rider", "driver",
})
# Inflected forms only: the shared parse runs without the lemmatizer.
SPEECH_VERBS = frozenset({
    "said", "says", "say", "told", "tells", "tell", "added", "adds", "stated", "states",
    "announced", "announces", "warned", "warns", "claimed", "claims", "insisted", "insists",
    "declared", "declares", "argued", "argues", "explained", "explains", "noted", "notes",
    "wrote", "writes", "reported", "reports", "confirmed", "confirms", "denied", "denies",
    "urged", "urges", "asked", "asks", "replied", "replies", "predicted", "predicts",
})
# Last words that make a name an organisation's ("Deutsche Bank", "Labour Party").
ORG_HEADS = frozenset({
    "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "plc", "ag", "gmbh", "sa",
    "nv", "llc", "group", "holdings", "bank", "party", "union", "association", "council",
    "ministry", "department", "agency", "university", "college", "institute", "committee",
    "commission", "court", "club", "fc", "federation", "league", "organisation",
    "organization", "company", "corporation", "airlines", "airways", "army", "police",
    "parliament", "congress", "senate", "foundation", "fund", "board", "office", "authority",
    "times", "post", "news", "press", "network", "exchange", "reserve", "communications",
    "pharmaceuticals", "industries", "systems", "technologies", "enterprises", "partners",
    "motors", "securities", "insurance", "energy", "media", "entertainment", "pictures", "bros",
    "brothers", "chemical", "chemicals", "foods", "telecom",
})
# A name governed by these prepositions is where something happens.
PLACE_PREPOSITIONS = frozenset({"in", "near", "outside", "across", "throughout", "inside"})
# Last words that make a name a place's or an event's ("Ellis Park", "Fed Cup"), not a person's.
PLACE_HEADS = frozenset({
    "park", "bridge", "county", "palace", "street", "square", "stadium", "arena", "airport",
    "river", "lake", "mountain", "mountains", "island", "islands", "bay", "beach", "valley",
    "road", "avenue", "hall", "field", "gardens", "station", "hotel", "church", "cathedral",
    "tower", "castle", "hole", "harbour", "harbor", "hill", "hills", "prison", "hospital",
})
EVENT_HEADS = frozenset({
    "cup", "open", "games", "trophy", "prize", "award", "awards", "festival", "championship",
    "championships", "olympics", "classic", "grand", "marathon", "tour", "series",
})
# Possessive set phrases whose name refers to nothing in the story: (name, noun).
EPONYM_IDIOMS = frozenset({
    ("pandora", "box"), ("achilles", "heel"), ("hobson", "choice"), ("murphy", "law"),
    ("occam", "razor"), ("sod", "law"), ("buridan", "ass"), ("sophie", "choice"),
})
