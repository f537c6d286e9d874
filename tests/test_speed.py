"""Speed levers keep what they promise: declared needs pick the components, NER runs only where asked and
changes no event."""

from __future__ import annotations

from riftwatch import events, geo, nlp
from riftwatch.models import RawDocument
from riftwatch.pipeline import PARSE_NEEDS, code_documents
from riftwatch.settings import Settings

# Sentence 2 holds an event (a trigger); sentence 3 names an unknown person and no place, trigger or date.
ARTICLE = (
    "Kenya accuses Somalia\n\n"
    "NAIROBI – March 3, 2021 – Kenya accused Somalia on Tuesday of violating its airspace near Mandera. "
    "The statement was read by Wanjiru Odhiambo during the evening bulletin."
)


def test_pipes_follow_declared_needs():
    assert nlp.pipes_for({nlp.Annotation.ENTS}) == ["ner"]
    assert nlp.pipes_for({nlp.Annotation.DEP}) == ["tok2vec", "parser"]
    stages = nlp.pipes_for(PARSE_NEEDS)
    assert {"tok2vec", "tagger", "parser", "attribute_ruler", "lemmatizer"} <= set(stages)
    assert "ner" not in stages and "senter" not in stages


def test_add_entities_keeps_order_and_runs_ner_only_where_wanted():
    texts = [f"Sentence {i} was written in Paris by Marie Curie." for i in range(7)]
    parsed = nlp.parse(((t, i) for i, t in enumerate(texts)), needs=PARSE_NEEDS, batch_size=2)
    result = list(nlp.add_entities(parsed, lambda doc, i: i % 3 == 0, batch_size=2))
    assert [i for _, i in result] == list(range(7))
    assert [doc.has_annotation("ENT_IOB") for doc, _ in result] == [i % 3 == 0 for i in range(7)]
    assert all(doc.ents for doc, i in result if i % 3 == 0)
    assert not any(doc.ents for doc, i in result if i % 3)


def _reads(texts):
    """events.entity_demand for each sentence of one article, in text order (place notes carry over)."""
    from riftwatch.models import Article

    text = " ".join(texts)
    sentences = next(nlp.split([text]))
    article = Article(id="a", source_id="a", text=text)
    docs = dict(
        (i, doc) for doc, i in nlp.parse(((s.text, i) for i, s in enumerate(sentences)), needs=PARSE_NEEDS)
    )
    notes = []
    return [events.entity_demand(article, s, i, docs[i], [], notes).value for i, s in enumerate(sentences)]


def test_events_read_entities_only_where_the_parse_holds_a_candidate_or_a_place_note():
    assert _reads(
        [
            "Rebels attacked the convoy on Tuesday.",  # an act whose actor only NER can name
            "The weather was mild and pleasant.",  # no trigger at all
            "Everyone made plans for the weekend.",  # a trigger word whose row needs another object
            "They reached the town of Mandera in 2019.",  # a place note, dated by the date matcher
            "The talks were long and tiring.",  # a trigger noun with nobody to hold the talks
            "Wanjiru Odhiambo met Daniel Brennan in Mombasa.",  # names only NER can make actors
        ]
    ) == ["entities", "nothing", "nothing", "parse", "nothing", "entities"]


def test_events_read_the_parse_alone_where_entities_would_change_no_answer():
    # a candidate or a place note, but no word of time, no name that could fill a slot, no named source
    assert _reads(
        [
            "The rebels attacked the convoy.",
            "They reached the town of Mandera.",
            "Gunmen burned the market, residents said.",
        ]
    ) == ["parse", "parse", "parse"]
    # a date does not ask for NER (the date matcher reads it); a name in a slot and a named vague source do
    assert _reads(
        [
            "The rebels attacked the convoy last night.",
            "The rebels attacked Wanjiru Odhiambo.",
            "Gunmen burned the market, Oxfam officials said.",
        ]
    ) == ["parse", "entities", "entities"]


def test_a_sentence_may_hold_a_date_only_with_a_word_of_time():
    from riftwatch.events.dates import may_hold_date

    def words(text):
        return text.lower().replace(",", " ,").split()

    for dated in (
        "police fired on the crowd on friday",
        "the strike began in may",
        "troops left in 2019",
        "the clashes of the '90s",
        "the vote of 12/03/2019 was annulled",
        "shots were heard at 10:30",
        "rebels shelled the town two days ago",
        "the raid came at dawn",
        "the curfew was imposed during ramadan",
    ):
        assert may_hold_date(words(dated)), dated
    for undated in (
        "police fired on the crowd",
        "5 people were hurt and 12 arrested",
        "the minister met his counterpart",
    ):
        assert not may_hold_date(words(undated)), undated


def test_attribution_reads_names_only_under_a_vague_source():
    from riftwatch.events.attribution import may_read_names

    docs = [
        doc
        for doc, _ in nlp.parse(
            [
                ("The convoy was attacked, Pentagon officials said.", 0),
                ("The convoy was attacked, officials said.", 1),
                ("The convoy was attacked, the minister said.", 2),
            ],
            needs=PARSE_NEEDS,
        )
    ]
    assert [may_read_names(doc) for doc in docs] == [True, False, False]


def test_a_sentence_coded_without_ner_codes_what_it_codes_with_ner(monkeypatch):
    from riftwatch import pipeline

    text = "Unrest in the north\n\nRioters burned the market last night and rebels attacked the convoy last week."
    raw = [RawDocument(source_id="a", text=text, date="2021-03-05")]
    asked = []
    real = pipeline._wants_entities
    monkeypatch.setattr(
        pipeline, "_wants_entities", lambda p, i, doc: asked.append(real(p, i, doc)) or asked[-1]
    )
    on_demand = next(code_documents(raw, Settings()))
    everywhere = next(code_documents(raw, Settings(ner_everywhere=True)))
    assert asked and not any(asked)  # NER ran nowhere
    assert on_demand.events and on_demand.events == everywhere.events
    assert {e.date.isoformat() for e in on_demand.events} == {"2021-03-04", "2021-02-01"}


def test_the_date_matcher_finds_the_dates_ner_finds():
    from riftwatch.events.dates import match_dates

    texts = {
        "Police fired on protesters on Tuesday night in the capital.": ["Tuesday night"],
        "The talks, held on 3 March 2021, failed; more are planned for early May.": [
            "3 March 2021",
            "early May",
        ],
        "Rebels said they may march on the city in March.": ["March"],
        "About 2000 people rallied in 2019 and again last week.": ["2019", "last week"],
        "Troops withdrew two days ago, officials said earlier this month.": [
            "two days ago",
            "earlier this month",
        ],
        "The 2019 elections were held on 12/03/2019.": ["2019", "12/03/2019"],
        "Yesterday the minister met his counterpart this morning.": ["Yesterday", "this morning"],
        "The minister met his counterpart.": [],
        "Thousands joined the Peaceful March of Lagos.": [],  # a month's name inside a name
    }
    docs = nlp.parse(((text, text) for text in texts), needs=PARSE_NEEDS)
    assert {text: [span.text for span in match_dates(doc)] for doc, text in docs} == texts


def test_sentences_without_capitals_keep_entities_wherever_a_trigger_stands():
    # no capital letter: the names NER finds ('congress', 'delhi') are invisible to the stand-ins
    assert _reads(["the talks in delhi were long.", "the weather was mild and pleasant."]) == [
        "entities",
        "parse",
    ]


def test_possible_names_stand_where_ner_may_add_an_actor():
    text = "The envoy said Wanjiru Odhiambo and Kenya met Daniel Brennan."
    [(doc, _)] = list(nlp.parse([(text, None)], needs=PARSE_NEEDS))
    kenya = text.index("Kenya")
    known = [m for m in events.possible_names(doc, [], 0, 0) if m.text == "Kenya"]
    assert [m.text for m in events.possible_names(doc, [], 0, 0)] == [
        "Wanjiru Odhiambo",
        "Kenya",
        "Daniel Brennan",
    ]
    assert (known[0].start, known[0].end) == (kenya, kenya + 5)
    # a prefix joined by a hyphen belongs to the name, as in NER's entities
    [(hyphen, _)] = list(
        nlp.parse([("Hundreds of anti-Kremlin marchers gathered.", None)], needs=PARSE_NEEDS)
    )
    assert [m.text for m in events.possible_names(hyphen, [], 0, 0)] == ["anti-Kremlin"]
    # a name a dictionary mention already covers needs no stand-in; 'The' opening the sentence is no name
    assert [m.text for m in events.possible_names(doc, known, 0, 0)] == ["Wanjiru Odhiambo", "Daniel Brennan"]


def test_places_ask_for_entities_where_the_gazetteer_finds_a_name():
    named, plain = next(nlp.split(["Talks were held in Mombasa.\nThe talks were long and tiring."]))
    assert geo.wants_entities(named, [])
    assert not geo.wants_entities(plain, [])


def _with_parses(lines):
    sentences = next(nlp.split(["\n".join(lines)]))
    docs = [doc for doc, _ in nlp.parse([(s.text, None) for s in sentences], needs=PARSE_NEEDS)]
    return list(zip(sentences, docs, strict=True))


def test_places_ask_no_ner_for_a_weak_name_that_reads_as_words_of_the_language():
    pairs = _with_parses(
        [
            "Oil prices fell for a third straight session.",  # a tiny place's other name opening the sentence
            "The Olympic budget was cut again.",  # tagged an adjective
            "Chapin man dies after car strikes tree.",  # tagged a noun, but no word of the language
            "Vancouver has seen heavy snow this week.",  # a proper noun: NER may call it a place
            "Dublin students won the prize.",  # tagged a noun, but a strong place
        ]
    )
    # before the parse, a lone word of the language opening the sentence is taken for that word
    assert [geo.wants_entities(s, []) for s, _ in pairs] == [False, True, True, True, True]
    assert [geo.wants_parse(s, []) for s, _ in pairs] == [False, True, True, True, True]
    # the tags settle the rest
    assert [geo.wants_entities(s, [], doc) for s, doc in pairs] == [False, False, True, True, True]


def test_places_ask_no_parse_nor_ner_for_a_weak_name_shaped_like_a_person():
    pairs = _with_parses(
        [
            "Mateo Brennan scored twice in the second half.",  # a tiny town's name and a surname
            "The chief executive, Yusuf Castillo, said sales had grown.",
            "Rebels shelled Kafr Nabl overnight.",  # a run the gazetteer knows whole
            "Fans waited in Mateo Brennan for hours.",  # 'in': NER may make a place of it
            "Mateo Telecom shares rose.",  # a word of the language beside it: a company, a team, a place
        ]
    )
    assert [geo.wants_parse(s, []) for s, _ in pairs] == [False, False, True, True, True]
    assert [geo.wants_entities(s, [], doc) for s, doc in pairs] == [False, False, True, True, True]


def test_words_of_the_language_are_the_lemmatizer_index_and_the_stop_words():
    assert [nlp.is_word(w) for w in ("oil", "shares", "the", "valley", "chapin", "quillacollo")] == [
        True,
        True,
        True,
        True,
        False,
        False,
    ]


def test_places_ask_ner_for_an_unknown_name_only_where_the_tagger_calls_it_a_proper_noun():
    pairs = _with_parses(["The Olympic budget was cut again.", "Rebels shelled the hills near Quillacollo."])
    assert [geo.unknown_name(s, []) for s, _ in pairs] == [True, True]
    assert [geo.unknown_name(s, [], doc) for s, doc in pairs] == [False, True]


def test_places_ask_ner_for_no_month_or_weekday_the_date_matcher_reads_as_a_date():
    import datetime as dt

    from riftwatch.actors import article_mentions
    from riftwatch.events import date_spans

    texts = [
        "Kenya closed its border on Saturday.",
        "Kenya closed its border in March.",
        "Kenya closed its border near Quillacollo on Friday.",
        "Kenya hosted the March for Peace walk.",  # a name, not a date: NER may still read it
    ]
    pairs = _with_parses(texts)
    mentions = article_mentions([s for s, _ in pairs], dt.date(2021, 3, 5))
    asked = [
        geo.unknown_name(s, m, doc, date_spans(doc)) for (s, doc), m in zip(pairs, mentions, strict=True)
    ]
    assert asked == [False, False, True, True]
    # without the dates (or untagged) a capitalised calendar word still asks
    assert [geo.unknown_name(s, m, doc) for (s, doc), m in zip(pairs, mentions, strict=True)][:2] == [
        True,
        True,
    ]
    assert [geo.unknown_name(s, m) for (s, _), m in zip(pairs, mentions, strict=True)][:2] == [True, True]


def test_places_need_no_ner_for_a_name_the_dictionary_calls_a_country():
    import datetime as dt

    from riftwatch.actors import article_mentions

    text = (
        "Kenya closed its border with Somalia.\nKenya closed its border near Mandera.\n"
        "Fans of Khartoum United cheered in Somalia.\nKenya shut the Wanjiku Gate crossing with Somalia.\n"
        "Mombasa saw heavy rain."
    )
    sentences = next(nlp.split([text]))
    mentions = article_mentions(sentences, dt.date(2021, 3, 5))
    # a town no mention vouches for, a capital inside a bigger name (a team) still ask NER, and so does a known
    # name opening a sentence, which the scan takes only when NER calls it a place ('Kaohsiung is a county')
    pairs = list(zip(sentences, mentions, strict=True))
    assert [geo.wants_entities(s, m) for s, m in pairs] == [False, True, True, False, True]
    # a name no dictionary knows, a known name opening the sentence: a place only NER may find (asked in
    # sentences that hold an event)
    assert [geo.unknown_name(s, m) for s, m in pairs] == [False, True, True, True, True]
    # without the dictionary's mentions the gazetteer alone cannot tell the country from a name
    assert geo.wants_entities(sentences[0], [])


def test_places_read_roles_from_the_parse_where_ner_did_not_run():
    import datetime as dt

    from riftwatch.actors import article_mentions
    from riftwatch.geo import geoparse

    text = "Kenya and Somalia signed a deal in Nairobi."
    sentences = next(nlp.split([text]))
    [(doc, _)] = list(nlp.parse([(text, None)], needs=PARSE_NEEDS))
    assert not doc.has_annotation("ENT_IOB")
    mentions = article_mentions(sentences, dt.date(2021, 3, 5))
    places = geoparse(text, sentences, mentions, parsed={0: doc})
    # the words alone ('Kenya and') would make a location of Kenya; the parse makes both subjects actors
    assert {p.text: str(p.role) for p in places} == {
        "Kenya": "actor",
        "Somalia": "actor",
        "Nairobi": "location",
    }


def test_places_parse_a_sentence_naming_a_country_for_its_roles_without_ner():
    import datetime as dt

    from riftwatch.actors import article_mentions
    from riftwatch.pipeline import parse_gate

    text = "Kenya and Somalia share a long border.\nThe rain was heavy near Mandera town."
    sentences = next(nlp.split([text]))
    mentions = article_mentions(sentences, dt.date(2021, 3, 5))
    assert [parse_gate(s, m) for s, m in zip(sentences, mentions, strict=True)] == [True, True]
    # the first names only countries (the parse tells their roles), the second a town NER may confirm
    assert [geo.wants_entities(s, m) for s, m in zip(sentences, mentions, strict=True)] == [False, True]


def test_places_need_no_ner_for_a_country_named_inside_a_mention_of_that_country():
    import datetime as dt

    from riftwatch.actors import article_mentions

    text = "The government of Somalia rejected the proposal.\nDiplomats from Kenya left Mombasa."
    sentences = next(nlp.split([text]))
    mentions = article_mentions(sentences, dt.date(2021, 3, 5))
    pairs = list(zip(sentences, mentions, strict=True))
    # the dictionary vouches for Somalia as for a country mention; Mombasa no mention covers
    assert [geo.wants_entities(s, m) for s, m in pairs] == [False, True]
    assert geo.wants_entities(sentences[0], [])
    assert geo.wants_parse(*pairs[0])  # its role (here an actor) is still the parse's to tell


def test_places_parse_no_sentence_whose_countries_the_words_already_place():
    import datetime as dt

    from riftwatch.actors import article_mentions
    from riftwatch.geo import geoparse

    text = (
        "Aid workers reached the camps in Somalia.\nFighting flared in Somalia's north.\n"
        "Troops moved into Somalia and Kenya.\nSomalia closed the camps."
    )
    sentences = next(nlp.split([text]))
    mentions = article_mentions(sentences, dt.date(2021, 3, 5))
    # only a country right after a locative word, and no possessor, is a location whatever the parse says
    assert [geo.wants_parse(s, m) for s, m in zip(sentences, mentions, strict=True)] == [
        False,
        True,
        True,
        True,
    ]
    [place] = geoparse(sentences[0].text, sentences[:1], mentions[0])
    assert place.text == "Somalia" and place.role == "location"


def test_ner_on_demand_changes_no_event_and_drops_only_unasked_entities():
    raw = [RawDocument(source_id="a", text=ARTICLE)]
    # the third sentence names someone but holds no trigger: only with the trigger gate off is it parsed
    everywhere = next(code_documents(raw, Settings(ner_everywhere=True, parse_without_trigger=True)))
    on_demand = next(code_documents(raw, Settings()))
    assert on_demand.events and on_demand.events == everywhere.events
    assert any(
        m.text == "Wanjiru Odhiambo" for m in everywhere.mentions
    )  # NER fallback in the third sentence
    assert not any(m.text == "Wanjiru Odhiambo" for m in on_demand.mentions)  # no stage asked NER there
    assert [p.text for p in on_demand.places] == [p.text for p in everywhere.places]


def test_a_document_that_breaks_the_parser_costs_only_itself(monkeypatch):
    real = nlp.parse

    def fragile(items, **kwargs):
        for doc, key in real(items, **kwargs):
            if "Poison" in doc.text:
                raise RuntimeError("spaCy broke")
            yield doc, key

    monkeypatch.setattr(nlp, "parse", fragile)
    raw = [RawDocument(source_id=f"d{i}", text=ARTICLE) for i in range(3)]
    raw.insert(1, RawDocument(source_id="bad", text="Poison Kenya accused Somalia of lying."))
    coded = list(code_documents(raw, Settings(batch_size=8)))
    assert [c.source_id for c in coded] == ["d0", "bad", "d1", "d2"]
    assert [c.rejection.reason.value if c.rejection else None for c in coded] == [
        None,
        "processing_error",
        None,
        None,
    ]
    assert all(c.events for c in coded if c.source_id != "bad")


def test_worker_processes_read_the_input_only_a_few_batches_ahead():
    pulled = 0

    def items():
        nonlocal pulled
        for i in range(400):
            pulled += 1
            yield RawDocument(source_id=f"d{i}", text=f"Kenya accused Somalia of lying, report {i} said.")

    documents = code_documents(items(), Settings(n_process=2, batch_size=4))
    first = next(documents)
    assert first.source_id == "d0"
    assert pulled <= 4 * (2 * 2 + 2)  # two batches per worker in flight, the next being cut: not all 400
    assert [d.source_id for d in documents] == [f"d{i}" for i in range(1, 400)]


def test_lemma_forms_cover_every_word_the_pipeline_lemmatises_to_them():
    text = (
        "Police arrested three men who had fought with guards, and the ministers were meeting in cities "
        "they went to. She carries the files; the carried boxes were seized. Talks are going ahead."
    )
    [(doc, _)] = list(nlp.parse([(text, None)], needs=PARSE_NEEDS))
    lemmas = {token.lemma_.lower() for token in doc}
    forms = nlp.lemma_forms(lemmas)
    assert forms is not None
    missing = [token.lower_ for token in doc if token.lower_ not in forms]
    assert not missing
    assert {"fought", "went", "cities", "arrested", "was"} <= nlp.lemma_forms(
        {"fight", "go", "city", "arrest", "be"}
    )
    assert "walked" not in nlp.lemma_forms({"fight"})


def test_events_want_a_parse_only_with_a_trigger_place_noun_or_requirement():
    def words(text):
        return [token.lower_ for token in nlp.get_nlp().make_doc(text)]

    assert events.may_want_parse(words("Rebels attacked the convoy."))
    assert events.may_want_parse(words("Troops fought near the border town."))  # irregular form
    assert events.may_want_parse(words("They reached the village of Kibera."))  # a place note
    assert events.may_want_parse(words("The minister said Israel must leave."))  # a requirement
    assert events.may_want_parse(words("Protesters staged a sit-in."))  # a hyphenated noun
    assert not events.may_want_parse(words("Israel must leave."))
    assert not events.may_want_parse(words("Maria Okafor scored twice for Leeds United."))


def test_a_trigger_counts_only_with_the_words_its_lexicon_rows_need():
    def wants(text, cased=True):
        return events.may_want_parse([token.lower_ for token in nlp.get_nlp().make_doc(text)], cased=cased)

    # 'open', 'make', 'move' are events only with their objects ('open fire', 'made a visit', 'moved troops')
    assert not wants("The new shop will open at nine and make a profit.")
    assert wants("The soldiers opened fire on the crowd.")
    assert wants("The envoy made a two-day visit to Cairo.")
    assert not wants("Fans moved to the stands.")
    assert wants("The army moved troops to the border.")
    assert wants("The union called off the strike.")  # a particle row, its particle and object present
    assert not wants("The referee went off at half time.")  # 'go on strike' needs 'on' and 'strike'
    assert wants("Workers went on strike.")
    assert wants("Police lathi-charged the crowd.")  # a hyphenated head: its first part is a word it needs
    assert not wants("The town hall was quiet.")  # a place noun holds a note only with 'of'
    assert wants("He reached the town of Mandera.")
    # without capitals NER is the only reader of places: any form of a trigger still has it parsed
    assert wants("the new shop will open at nine.", cased=False)


# Every sentence names someone (the old gate parsed them all); only some can hold an event or a place note.
GATED = (
    "Kenya accuses Somalia\n\n"
    "NAIROBI – March 3, 2021 – Kenya accused Somalia on Tuesday of violating its airspace near Mandera. "
    "Maria Okafor scored twice for Leeds United on Saturday. "
    "The Kenyan foreign minister said Somalia must apologise. "
    "It was a warm and sunny afternoon. "
    "Officials later reached the town of Mandera, where soldiers had clashed with gunmen on March 1. "
    "Daniel Brennan, a retired teacher, enjoys gardening in Mombasa. "
    "The town was calm, officials said, but they attacked the border post again."
)


def test_trigger_gate_parses_less_and_changes_nothing(monkeypatch):
    from riftwatch import pipeline

    parsed: list[int] = []
    real = pipeline._parse_batch

    def counting(batch, settings, n_process):
        real(batch, settings, n_process)
        parsed.append(sum(len(p.parsed) for p in batch))

    monkeypatch.setattr(pipeline, "_parse_batch", counting)
    raw = [RawDocument(source_id="a", text=GATED)]
    gated = next(code_documents(raw, Settings()))
    ungated = next(code_documents(raw, Settings(parse_without_trigger=True)))
    assert parsed[0] < parsed[1]
    assert gated.events and gated.events == ungated.events
    assert gated.mentions == ungated.mentions
    assert gated.places == ungated.places


def test_indexed_attribute_ruler_finds_exactly_the_matches_of_spacys_matcher():
    texts = [
        "Police arrested three men who had fought with guards in the capital.",
        "I ain't sure, but there is a protest and y'all gonna see it; let's go.",
        "It was the army that did it, and you told me so.",
        "The minister, who has resigned, said   that talks would resume.",
        "C'mon, they gotta do better than that!",
    ]
    model = nlp.get_nlp()
    ruler = model.get_pipe("attribute_ruler")
    assert ruler.match is not type(ruler).match  # the index is in place
    docs = [
        doc
        for doc, _ in nlp.parse([(t, None) for t in texts], needs={nlp.Annotation.TAG, nlp.Annotation.DEP})
    ]
    for doc in docs:
        indexed, matcher = ruler.match(doc), type(ruler).match(ruler, doc)
        assert matcher and sorted(set(indexed)) == sorted(set(matcher))
    [(parsed, _)] = list(nlp.parse([(texts[0], None)], needs={nlp.Annotation.POS}))
    assert [t.pos_ for t in parsed][:3] == ["NOUN", "VERB", "NUM"]


def test_indexed_attribute_ruler_needs_no_matcher_for_fixed_sequences():
    # every pattern of the shipped model is a fixed sequence of word, tag, dependency and space tests
    # (several tokens, DEP, IS_SPACE, REGEX included): none is left to spaCy's Matcher, matches are the same
    texts = [
        "Y'all ain't seen nothin' yet, they said.\nThere were  two  of them, and I met it there.",
        "Nuthin' we gotta do: c'mon, let's see who does, if they do.",
        "They gon na go , y' all , and there 's that .",
    ]
    ruler = nlp.get_nlp().get_pipe("attribute_ruler")
    index = ruler.match.__self__
    assert len(index.rest) == 0
    for doc, _ in nlp.parse([(t, None) for t in texts], needs={nlp.Annotation.TAG, nlp.Annotation.DEP}):
        indexed, matcher = ruler.match(doc), type(ruler).match(ruler, doc)
        assert sorted(set(indexed)) == sorted(set(matcher))
        assert any(end - start > 1 for _, _, start, end in matcher) or "nothin" in doc.text.lower()


def test_extraction_reuses_the_candidates_found_to_decide_where_nothing_can_differ():
    from riftwatch.events.arguments import PlaceNote
    from riftwatch.events.gate import candidates_of
    from riftwatch.events.lexicon import shipped_lexicon
    from riftwatch.models import Article

    text = "The rebels attacked the convoy."
    [sentence] = next(nlp.split([text]))
    [(doc, _)] = list(nlp.parse([(text, None)], needs=PARSE_NEEDS))
    article = Article(id="a", source_id="a", text=text)
    assert events.entity_demand(article, sentence, 0, doc, [], []) is events.Demand.PARSE
    lexicon = shipped_lexicon()
    found = candidates_of(doc, [], 0, lexicon, [])
    assert found and candidates_of(doc, [], 0, lexicon, []) is found  # the decision's own list
    # another place note before it: extraction reads the sentence again
    note = PlaceNote("town", "Mandera", None, "June 3", 0)
    again = candidates_of(doc, [], 0, lexicon, [note])
    assert again is not found and len(again) == len(found)
    # NER run for another stage (places), finding the dates the matcher found (none): nothing can differ
    nlp.get_nlp().get_pipe("ner")(doc)
    assert candidates_of(doc, [], 0, lexicon, []) is found
    # NER finding a date the matcher does not know: extraction reads the sentence again, with NER's dates
    text = "The rebels attacked the convoy during the holidays."
    [sentence] = next(nlp.split([text]))
    [(doc, _)] = list(nlp.parse([(text, None)], needs=PARSE_NEEDS))
    assert events.entity_demand(article, sentence, 0, doc, [], []) is events.Demand.PARSE
    found = candidates_of(doc, [], 0, lexicon, [])
    nlp.get_nlp().get_pipe("ner")(doc)
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["the holidays"]
    assert candidates_of(doc, [], 0, lexicon, []) is not found


def test_what_the_parse_alone_tells_is_read_once_per_doc_and_again_where_ner_finds_other_dates():
    from riftwatch.events.arguments import per_doc

    [(doc, _)] = list(nlp.parse([("Police arrested him in Paris on Monday.", None)], needs=PARSE_NEEDS))
    reads: list[int] = []

    def read(parsed):
        reads.append(len(parsed))
        return len(reads)

    assert per_doc(doc, "test.reads", read) == 1
    assert per_doc(doc, "test.reads", read) == 1  # kept with the doc
    other = object()
    assert per_doc(doc, "test.reads", read, other) == 2  # other inputs: read again
    assert per_doc(doc, "test.reads", read, other) == 2
    nlp.get_nlp().get_pipe("ner")(doc)
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["Monday"]  # where the matcher found one
    assert per_doc(doc, "test.reads", read, other) == 2
    [(doc, _)] = list(nlp.parse([("Police arrested him during the holidays.", None)], needs=PARSE_NEEDS))
    assert per_doc(doc, "test.reads", read) == 3
    nlp.get_nlp().get_pipe("ner")(doc)
    assert [e.text for e in doc.ents if e.label_ == "DATE"] == ["the holidays"]  # the matcher knows none
    assert per_doc(doc, "test.reads", read) == 4  # a date of NER's own: what is read may change


def test_sentence_candidates_read_with_two_sets_of_mentions_match_fresh_reads():
    from riftwatch.events.extract import sentence_candidates
    from riftwatch.events.lexicon import shipped_lexicon

    text = "Kenya accused Somalia of violating its airspace and said Somalia must withdraw its troops."
    document = next(iter(code_documents([RawDocument(source_id="s", text=text)], Settings(n_process=1))))
    mentions = [m for m in document.mentions if m.sentence == 0]
    lexicon = shipped_lexicon()

    def parsed():
        return next(iter(nlp.parse([(text, None)], needs=PARSE_NEEDS)))[0]

    def summary(candidates):
        return [(c.trigger.i, c.entry.rule, c.sources, c.targets) for c in candidates]

    doc = parsed()
    alone = sentence_candidates(doc, [], 0, lexicon)
    named = sentence_candidates(doc, mentions, 0, lexicon)  # the triggers read for `alone` serve again
    assert summary(named) == summary(sentence_candidates(parsed(), mentions, 0, lexicon))
    assert summary(alone) == summary(sentence_candidates(parsed(), [], 0, lexicon))
    assert any(c.sources[0] is not None for c in named)
