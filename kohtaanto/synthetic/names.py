"""Curated name lists for synthetic people, by mother tongue and gender.

Common names compiled by hand (no download), so that synthetic people look like the
Helsinki population without being anyone in particular: Finnish, Finland-Swedish and the
largest immigrant-origin language groups among Helsinki job seekers. Languages with
gendered surnames (Russian) have separate female and male surname lists.
"""

from __future__ import annotations


def _split(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# language -> (female first names, male first names, female surnames, male surnames)
NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {}


def _add(lang: str, female: str, male: str, surnames: str, male_surnames: str | None = None) -> None:
    female_last = _split(surnames)
    NAMES[lang] = (_split(female), _split(male), female_last, _split(male_surnames or surnames))


_add(
    "fi",
    """Anna Maria Laura Sari Tiina Johanna Hanna Minna Elina Kaisa Katja Päivi Riikka Heidi
    Satu Susanna Jenni Emilia Aino Sanna Noora Veera Emma Aada Eveliina Pauliina Outi Marjo
    Tuula Pirjo Helena Anu Milla Iida Kirsi Henna Salla Oona Ella Sofia Krista Mervi""",
    """Juha Mikko Timo Matti Jari Antti Jukka Markku Pekka Janne Petri Ville Tuomas Sami
    Lauri Joni Aleksi Eetu Otto Veeti Eero Juho Oskari Onni Teemu Kalle Mika Harri Kari Ari
    Heikki Tapio Olli Jarmo Risto Tero Niko Jussi Arttu Leevi""",
    """Korhonen Virtanen Mäkinen Nieminen Mäkelä Hämäläinen Laine Heikkinen Koskinen
    Järvinen Lehtonen Lehtinen Saarinen Salminen Heinonen Niemi Heikkilä Kinnunen Salonen
    Turunen Salo Laitinen Tuominen Rantanen Karjalainen Jokinen Mattila Savolainen Lahtinen
    Ahonen Hiltunen Leinonen Hirvonen Miettinen Pitkänen Aaltonen Kallio Manninen Laaksonen
    Räsänen Peltonen Lindroos Anttila Väisänen Kettunen""",
)
_add(
    "sv",
    """Anna Maria Ida Linnea Elin Sara Emma Johanna Camilla Ulrika Sofia Matilda Ebba
    Annika Linda Frida Malin Klara Hanna Ellen Julia Wilma""",
    """Johan Erik Anders Mikael Henrik Fredrik Jonas Patrik Kristian Oscar Axel Elias Anton
    Oliver Lucas Gustav Magnus Tobias Niklas Christoffer Jesper Viktor""",
    """Lindholm Lindqvist Nyström Lindström Johansson Karlsson Andersson Holmström Sjöberg
    Westerlund Grönroos Forsman Åberg Björklund Ekström Lindberg Nylund Sundström Backman
    Wikström Blomqvist Strandberg Söderholm Enqvist Östman Wallin""",
)
_add(
    "ru",
    "Olga Natalia Irina Svetlana Tatiana Elena Anna Yulia Ekaterina Maria Anastasia Ksenia Daria",
    "Aleksandr Sergei Dmitri Andrei Alexei Ivan Mikhail Nikolai Vladimir Pavel Maksim Artem Denis",
    """Ivanova Smirnova Kuznetsova Popova Vasilieva Petrova Sokolova Mikhailova Novikova
    Fedorova Morozova Volkova Lebedeva Kozlova""",
    """Ivanov Smirnov Kuznetsov Popov Vasiliev Petrov Sokolov Mikhailov Novikov Fedorov
    Morozov Volkov Lebedev Kozlov""",
)
_add(
    "uk",
    "Olena Iryna Nataliia Oksana Tetiana Yuliia Kateryna Halyna Viktoriia Anastasiia Sofiia Liudmyla",
    "Oleksandr Andrii Serhii Volodymyr Dmytro Mykola Ivan Yurii Vasyl Oleh Bohdan Taras",
    """Shevchenko Kovalenko Bondarenko Tkachenko Kravchenko Melnyk Boiko Kovalchuk Savchenko
    Marchenko Rudenko Moroz Lysenko Polishchuk""",
)
_add(
    "et",
    "Kadri Triin Kristiina Liis Mari Kaja Piret Kertu Maarja Eve Tiina Anneli Merike",
    "Andres Toomas Jaan Rein Margus Priit Tarmo Urmas Indrek Siim Kristjan Martin Raivo",
    "Tamm Saar Sepp Mägi Kask Kukk Rebane Ilves Pärn Koppel Lepik Kallas Oja Kuusk Raudsepp Luik",
)
_add(
    "so",
    "Hodan Amina Fadumo Hawa Ifrah Sahra Khadra Nimco Ayan Hibo Deeqa Ubah Sagal",
    "Abdi Mohamed Ahmed Hassan Abdullahi Omar Yusuf Ismail Abdirahman Mahad Liban Guled Bashir",
    "Abdi Ali Hassan Mohamed Farah Warsame Jama Osman Hussein Aden Ibrahim Noor Egal Abdullahi",
)
_add(
    "ar",
    "Fatima Mariam Noor Layla Zainab Huda Rana Amal Sara Yasmin Aya Hiba Rania",
    "Ahmad Mohammed Ali Omar Hussein Mustafa Khalid Yousef Karim Hassan Ibrahim Tariq Samir",
    """Al-Hassan Al-Sayed Haddad Khalil Saleh Abbas Hamdan Mansour Nasser Jaber Al-Obaidi
    Kareem Salim Darwish""",
)
_add(
    "fa",
    "Maryam Zahra Fatemeh Narges Shirin Parisa Mina Leila Roya Soraya Nasrin Azadeh",
    "Reza Mohammad Hossein Mehdi Amir Hamid Farid Arash Saeed Omid Javad Behrouz",
    "Ahmadi Hosseini Mohammadi Rezaei Karimi Moradi Jafari Rahimi Hashemi Sadeghi Azizi Noori Rostami Kazemi",
)
_add(
    "ku",
    "Rojin Berfin Dilan Shilan Nazdar Evin Hevi Zilan Rezan Bahar Avin Nergiz",
    "Karwan Rebin Dilshad Aram Hawre Rekan Serhat Azad Baran Shvan Zana Kawa",
    "Ahmed Rashid Karim Aziz Mahmoud Omer Salih Hamad Qadir Amin Rasul Mustafa",
)
_add(
    "en",
    "Emily Sarah Jessica Hannah Rachel Laura Megan Olivia Charlotte Grace Sophie Lucy",
    "James John David Michael Daniel Thomas Matthew Andrew Christopher Ryan Benjamin Samuel",
    "Smith Jones Williams Brown Taylor Davies Wilson Evans Thomas Johnson Roberts Walker Wright Thompson",
)
_add(
    "vi",
    "Lan Hoa Mai Thu Huong Linh Ngoc Trang Thao Phuong Hanh Nhung",
    "Minh Tuan Hung Duc Long Nam Thanh Quang Hieu Dung Khanh Binh",
    "Nguyen Tran Le Pham Hoang Phan Vu Dang Bui Do Ho Ngo",
)
_add(
    "tr",
    "Elif Zeynep Ayşe Fatma Emine Merve Büşra Esra Derya Seda Gizem Hatice",
    "Mehmet Mustafa Ahmet Ali Hüseyin Hasan Murat Emre Burak Serkan Yusuf Kemal",
    "Yılmaz Kaya Demir Şahin Çelik Yıldız Yıldırım Öztürk Aydın Özdemir Arslan Doğan Kılıç Aslan",
)
_add(
    "es",
    "María Carmen Lucía Ana Laura Paula Sofía Isabel Elena Marta Valentina Camila",
    "José Juan Carlos Luis Javier Miguel Alejandro Diego Pablo Daniel Andrés Jorge",
    "García Rodríguez González Fernández López Martínez Sánchez Pérez Gómez Díaz Torres Ramírez Flores Morales",
)
_add(
    "zh",
    "Mei Ying Jing Hui Yan Na Min Xue Ting Hong Xiaoling Fang",
    "Wei Jun Hao Lei Qiang Jian Ming Yong Bo Tao Peng Feng",
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Xu Sun Ma Zhu",
)

LANGUAGES = tuple(NAMES)
FOREIGN_LANGUAGES = tuple(lang for lang in LANGUAGES if lang not in ("fi", "sv"))
