"""English counterparts of the demo's texts, as the school's research office would enter them.

Only the topics of the first scope of each subject and their outputs are translated: the rest
stay Vietnamese only, so the English site's visible fallback can be seen in the demo."""

from research.core.choices import OutputKind
from research.core.people import Unit
from research.core.reference import OrderingBody, ResearchField
from research.outputs.models.outputs import Output

from . import content

UNITS = {
    "BGH": "Board of Directors",
    "K.LLCS": "Faculty of Basic Political Theory",
    "K.XDĐ": "Faculty of Party Building",
    "K.NN&PL": "Faculty of State and Law",
    "K.DV": "Faculty of Mass Mobilisation",
    "P.QLĐT&NCKH": "Office of Training and Research Management",
    "P.TCHC": "Office of Organisation, Administration and Information",
}

FIELDS = [
    "Party building and state administration",
    "Philosophy and scientific socialism",
    "Political economy",
    "State and law",
    "Mass mobilisation, ethnic and religious affairs",
    "Party history and Ho Chi Minh Thought",
]

ORDERING_BODIES = {
    "Tỉnh ủy Quảng Trị": "Quang Tri Provincial Party Committee",
    "Ủy ban nhân dân tỉnh Quảng Trị": "Quang Tri Provincial People's Committee",
    "Sở Khoa học và Công nghệ tỉnh Quảng Trị": "Quang Tri Department of Science and Technology",
    "Ban Tuyên giáo và Dân vận Tỉnh ủy": "Provincial Party Committee's Commission for Propaganda, Education and Mass Mobilisation",
    "Ban Tổ chức Tỉnh ủy": "Provincial Party Committee's Organisation Commission",
}

# (subject, its first scope) in English, in the order of content.SUBJECTS
SUBJECTS = [
    (
        "Improving the quality of Party cell meetings",
        "in the communes and towns of Quang Tri province",
    ),
    ("Renewing inspection and supervision by grassroots Party committees", "in Quang Tri province"),
    (
        "Building the contingent of key commune officials",
        "of Quang Tri province for the tasks of 2020–2025",
    ),
    ("Admitting Party members in non-state enterprises", "in Quang Tri province"),
    ("Mass mobilisation work of commune authorities", "in Huong Hoa district, Quang Tri province"),
    (
        "Implementing ethnic policy for the Van Kieu and Pa Ko peoples",
        "in Dakrong district",
    ),
    ("Engaging religious dignitaries and officials", "in Quang Tri province"),
    (
        "Making administrative procedure reform more effective",
        "at district level in Quang Tri province",
    ),
    ("Building digital government", "at district level in Quang Tri province"),
    ("Legal education for citizens", "in the Vietnam–Laos border area of Quang Tri province"),
    (
        "Applying Ho Chi Minh's thought on revolutionary ethics",
        "in the training of officials and Party members in Quang Tri province",
    ),
    (
        "Teaching local history and traditions",
        "in political theory training at Le Duan Political School",
    ),
    ("Developing collective economy and agricultural cooperatives", "in Quang Tri province"),
    ("Attracting investment", "to the South-East Quang Tri Economic Zone"),
    (
        "Renewing the teaching methods of political theory",
        "towards more active learning by students",
    ),
    ("Protecting the ideological foundation of the Party in cyberspace", "in Quang Tri province"),
    (
        "Political theory training for officials of Savannakhet and Salavan provinces (Laos)",
        "at Le Duan Political School",
    ),
    (
        "Building Le Duan Political School",
        "to meet the province's needs for training officials",
    ),
    ("Improving the training of women officials", "in the political system of Quang Tri province"),
    (
        "Strengthening the Fatherland Front's role in social supervision and criticism",
        "in Quang Tri province",
    ),
]

# output kind → its English title from (topic code, topic's English title, subject)
OUTPUT_TITLES = {
    OutputKind.FINAL_REPORT: "Final report of topic {code}: {title}",
    OutputKind.SUMMARY_REPORT: "Summary report of topic {code}: {title}",
    OutputKind.JOURNAL_ARTICLE: "{subject}: current situation and solutions (topic {code})",
    OutputKind.MONOGRAPH: "{title} (monograph)",
}


def topic_texts(index):
    """The English title, summary and keywords of the demo topic number `index`, or None."""
    if index >= len(SUBJECTS):
        return None
    subject, scope = SUBJECTS[index]
    return {
        "title_en": f"{subject} {scope}",
        "summary_en": (
            "The topic clarifies the theoretical and practical basis, assesses the current "
            f"situation and proposes solutions for {subject[0].lower()}{subject[1:]} {scope}."
        ),
        "keyword_list_en": [subject.split()[0].lower(), "Quang Tri", "grassroots officials"],
    }


class EnglishDemo:
    """The English names and texts of the demo records (the loader's last step)."""

    def load_english(self, topics):
        for short, english in UNITS.items():
            Unit.objects.filter(short_name=short).update(name_en=english)
        for name, english in zip(content.FIELDS, FIELDS, strict=True):
            ResearchField.objects.filter(name=name).update(name_en=english)
        for name, english in ORDERING_BODIES.items():
            OrderingBody.objects.filter(name=name).update(name_en=english)
        for index, topic in enumerate(topics):
            texts = topic_texts(index)
            if not texts:
                continue
            for field, value in texts.items():
                setattr(topic, field, value)
            topic.save(update_fields=list(texts))
            subject = SUBJECTS[index][0]
            for output in Output.objects.filter(topic=topic, kind__in=OUTPUT_TITLES):
                title = OUTPUT_TITLES[output.kind].format(
                    code=topic.code, title=texts["title_en"], subject=subject
                )
                output.title_en = title
                output.abstract_en = (
                    f"{title}. The work analyses the current situation and its causes and "
                    "proposes solutions."
                )
                output.keyword_list_en = texts["keyword_list_en"]
                output.save(update_fields=["title_en", "abstract_en", "keyword_list_en"])
