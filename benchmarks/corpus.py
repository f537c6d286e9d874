"""A mixed news corpus generated from templates (never copied text), for the speed benchmark.

Shares follow a general news crawl rather than a politics feed: about a third of the articles are political
(conflict, diplomacy, protest, police), the rest sport, business, culture, weather, science and lifestyle.
Every article is 8-30 sentences of 12-35 words with datelines, names, numbers and quotes, so that tokenizer,
sentence splitter, dictionaries and parser all see the kind of text they see in real news.

Usage: python benchmarks/corpus.py --articles 2000 --seed 15 > corpus.jsonl
The same seed always writes the same corpus.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys

POLITICAL_SHARE = 0.33
TOPICS_WEIGHTS = {
    "sport": 0.3,
    "business": 0.25,
    "culture": 0.15,
    "weather": 0.08,
    "science": 0.12,
    "lifestyle": 0.1,
}

FIRST = [
    "Amina",
    "Daniel",
    "Olga",
    "Rashid",
    "Maria",
    "Kenji",
    "Fatima",
    "Lucas",
    "Ingrid",
    "Tunde",
    "Priya",
    "Mateo",
    "Sofia",
    "Yusuf",
    "Hannah",
    "Dmitri",
    "Leila",
    "Carlos",
    "Grace",
    "Arjun",
    "Elena",
    "Samuel",
]
LAST = [
    "Okafor",
    "Brennan",
    "Petrova",
    "Haddad",
    "Lindqvist",
    "Tanaka",
    "Mensah",
    "Moreau",
    "Castillo",
    "Novak",
    "Rahman",
    "Schulz",
    "Adeyemi",
    "Costa",
    "Kowalski",
    "Farouk",
    "Jensen",
    "Morales",
    "Iyer",
]
COUNTRIES = [
    "Kenya",
    "Ukraine",
    "Russia",
    "Syria",
    "Turkey",
    "Nigeria",
    "Mexico",
    "Colombia",
    "India",
    "Pakistan",
    "Iran",
    "Israel",
    "Egypt",
    "Sudan",
    "Ethiopia",
    "Brazil",
    "France",
    "Germany",
    "China",
    "Japan",
    "the Philippines",
    "Indonesia",
    "Venezuela",
    "Iraq",
    "Afghanistan",
    "Somalia",
    "Mali",
]
CITIES = [
    "Nairobi",
    "Kyiv",
    "Moscow",
    "Damascus",
    "Ankara",
    "Lagos",
    "Mexico City",
    "Bogota",
    "New Delhi",
    "Karachi",
    "Tehran",
    "Cairo",
    "Khartoum",
    "Addis Ababa",
    "Sao Paulo",
    "Paris",
    "Berlin",
    "Beijing",
    "Manila",
    "Jakarta",
    "Caracas",
    "Baghdad",
    "Kabul",
    "Mogadishu",
    "Bamako",
    "Lyon",
    "Mombasa",
]
AGENCIES = ["Reuters", "AP", "AFP"]
GROUPS = [
    "rebels",
    "protesters",
    "opposition supporters",
    "militants",
    "striking teachers",
    "farmers",
    "students",
    "gunmen",
    "soldiers",
    "police officers",
    "security forces",
    "demonstrators",
]
OFFICIALS = [
    "the foreign minister",
    "the president",
    "the prime minister",
    "the interior minister",
    "the defence ministry",
    "the army",
    "the police chief",
    "the governor",
    "the opposition leader",
    "the parliament speaker",
    "the central bank governor",
    "the justice minister",
]
TEAMS = ["Rovers", "United", "City", "Athletic", "Wanderers", "Olympic", "Sporting", "Rangers", "Dynamo"]
COMPANIES = [
    "Norvex",
    "Helio Systems",
    "Brightwater Foods",
    "Kestrel Motors",
    "Alderline Bank",
    "Quantix Labs",
    "Silverpine Retail",
    "Orbis Telecom",
    "Meridian Air",
    "Tallgrass Energy",
]

POLITICAL = [
    "{official} of {country} said on {day} that the government would {act} talks with {country2} over the border.",
    "{group} clashed with police in {city} on {day}, and at least {n} people were injured, officials said.",
    "{person}, a spokesman for {official2}, accused {country2} of violating the ceasefire near {city}.",
    "The government of {country} rejected the proposal, saying it would not negotiate while attacks continued.",
    "Hundreds of {group} marched through {city} demanding the release of detained activists.",
    "{country} and {country2} signed an agreement to expand trade and security cooperation, {agency} reported.",
    "Police arrested {n} suspects after an explosion killed {n2} people at a market in {city} last week.",
    "{official} threatened to impose sanctions on {country2} if it did not withdraw its troops.",
    "The United Nations called on both sides to protect civilians and allow aid convoys into {city}.",
    "{person} told reporters that the army had launched an offensive against {group} in the north.",
    "Ministers from {country} met their counterparts from {country2} in {city} to discuss the crisis.",
    '"We will not accept any interference in our internal affairs," {official} said in a statement.',
    "The opposition called for a general strike after the election results were announced on {day}.",
    "Gunmen attacked a police station in {city}, killing {n} officers, according to local media.",
    "{country} expelled two diplomats from {country2}, accusing them of spying.",
    "Aid agencies warned that thousands of families had fled their homes since the fighting began in {month}.",
    "The court sentenced {person} to {n} years in prison for inciting violence during the protests.",
    "{official} promised to investigate the killings and bring those responsible to justice.",
    "Troops were deployed to {city} after {group} blocked the main highway for a third day.",
    "Analysts said the talks in {city} were unlikely to end the conflict soon.",
]
NONPOLITICAL = {
    "sport": [
        "{city} {team} beat {city2} {team2} {n}-{n2} on {day} to move top of the table.",
        "{person} scored twice in the second half as the home side came from behind.",
        "The coach said his players showed great character after a difficult start to the season.",
        "{person} will miss the next match with a hamstring injury, the club confirmed.",
        "Tickets for the final sold out within hours, organisers said.",
        "The midfielder has made {n} appearances since joining from {team2} in {month}.",
        "After the break the visitors pressed high and forced a series of corners.",
        "{person} finished third in the {n}-kilometre race, just seconds behind the winner.",
        "Fans celebrated in the streets of {city} late into the night.",
        "The league said the match would be replayed because of the waterlogged pitch.",
    ],
    "business": [
        "Shares in {company} rose {n} percent on {day} after the firm reported higher quarterly profits.",
        "{company} said it would open a new factory near {city}, creating {n}00 jobs.",
        "Analysts expect inflation to ease slowly over the coming months.",
        "The chief executive, {person}, said demand had been stronger than expected in {month}.",
        "Oil prices fell for a third straight session as traders weighed the outlook for demand.",
        "{company} agreed to buy a smaller rival for an undisclosed sum.",
        "Retail sales grew by {n}.{n2} percent compared with the same period last year.",
        "The company plans to cut costs by moving some of its operations online.",
        "Investors are waiting for new figures on employment due next week.",
        "The bank kept its main interest rate unchanged at {n} percent.",
    ],
    "culture": [
        "The new film by {person} opened to strong reviews at the festival in {city}.",
        "The museum will display more than {n}00 paintings in a show that runs until {month}.",
        "{person} released her fourth album on {day}, her first in five years.",
        "Critics praised the staging but found the second act too long.",
        "The band will tour {country} and {country2} in the spring.",
        "The novel follows a family that moves from a small village to the capital.",
        "Organisers said attendance had doubled since last year.",
        "The theatre was renovated with help from local donors.",
    ],
    "weather": [
        "Heavy rain is expected across the region on {day}, forecasters said.",
        "Temperatures could reach {n} degrees in {city} by the weekend.",
        "Residents were advised to stay indoors during the storm and to avoid travel.",
        "The dry spell has left reservoirs at their lowest level in a decade.",
        "Snow closed several mountain roads overnight.",
        "The weather service issued a warning for strong winds along the coast.",
    ],
    "science": [
        "Researchers at the university in {city} have found a new way to store energy in salt.",
        "The study, published on {day}, followed {n}00 patients for three years.",
        "{person}, who led the team, said the results were encouraging but needed to be confirmed.",
        "The telescope captured images of a distant galaxy in unprecedented detail.",
        "Scientists warned that rising sea temperatures were damaging coral reefs.",
        "The new vaccine was shown to be safe in early trials.",
        "The mission is scheduled to launch in {month} if tests go well.",
    ],
    "lifestyle": [
        "Chefs in {city} are turning to local ingredients as prices rise.",
        "The recipe takes about forty minutes and serves four.",
        "{person} opened the bakery with her brother after leaving her office job.",
        "Experts recommend at least half an hour of walking every day.",
        "The market is open every Saturday from eight in the morning.",
        "Many readers wrote in to share their own gardening tips.",
        "Prices for holiday rentals have risen sharply this summer.",
    ],
}
MONTHS = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
ACTS = ["resume", "suspend", "open", "continue", "postpone"]


def _fill(template: str, rng: random.Random) -> str:
    country, country2 = rng.sample(COUNTRIES, 2)
    city, city2 = rng.sample(CITIES, 2)
    team, team2 = rng.sample(TEAMS, 2)
    official, official2 = rng.sample(OFFICIALS, 2)
    text = template.format(
        official=official,
        official2=official2,
        country=country,
        country2=country2,
        city=city,
        city2=city2,
        day=rng.choice(DAYS),
        month=rng.choice(MONTHS),
        act=rng.choice(ACTS),
        group=rng.choice(GROUPS),
        n=rng.randint(2, 40),
        n2=rng.randint(1, 9),
        person=f"{rng.choice(FIRST)} {rng.choice(LAST)}",
        agency=rng.choice(AGENCIES),
        team=team,
        team2=team2,
        company=rng.choice(COMPANIES),
    )
    return text[0].upper() + text[1:]


def article(index: int, rng: random.Random, start: dt.date) -> dict[str, str]:
    """One article: a title, a dateline, paragraphs of two or three sentences."""
    political = rng.random() < POLITICAL_SHARE
    topic = (
        "politics"
        if political
        else rng.choices(list(TOPICS_WEIGHTS), weights=list(TOPICS_WEIGHTS.values()))[0]
    )
    pool = POLITICAL if political else NONPOLITICAL[topic]
    # political stories carry some sport/business colour and vice versa, as real pages do
    other = NONPOLITICAL[rng.choice(list(NONPOLITICAL))] if political else POLITICAL
    n_sentences = rng.randint(8, 30)
    sentences = [
        _fill(rng.choice(pool) if rng.random() < 0.9 else rng.choice(other), rng) for _ in range(n_sentences)
    ]
    paragraphs, i = [], 0
    while i < len(sentences):
        size = rng.randint(1, 3)
        paragraphs.append(" ".join(sentences[i : i + size]))
        i += size
    day = start + dt.timedelta(days=rng.randint(0, 364))
    city = rng.choice(CITIES).upper()
    paragraphs[0] = f"{city} ({rng.choice(AGENCIES)}) - {paragraphs[0]}"
    title = _fill(rng.choice(pool), rng).rstrip(".")[:90]
    return {
        "id": f"bench-{index:06d}",
        "title": title,
        "date": day.isoformat(),
        "url": f"https://news.example/{topic}/{index}",
        "text": "\n\n".join(paragraphs),
    }


def generate(articles: int, seed: int = 15) -> list[dict[str, str]]:
    rng = random.Random(seed)
    start = dt.date(2024, 1, 1)
    return [article(i, rng, start) for i in range(articles)]


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--seed", type=int, default=15)
    args = parser.parse_args()
    for record in generate(args.articles, args.seed):
        sys.stdout.write(json.dumps(record, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
