//! Table-driven tests: sentences in news style (our own words) → claims.

use super::*;
use crate::article::Article;

/// A one-paragraph article of `body` published on `published`, and its geoparse.
fn article_of(body: &str, published: &str) -> (Article, crate::geoparse::Geoparse) {
    let text = format!("Reuters , {published}\n\n{body}\n");
    let mut a = Article::from_text("t", text);
    a.published = crate::article::header::find_date(published);
    a.body = (text_start(&a.text), a.text.len());
    let g = crate::geoparse::geoparse(&a, Gazetteer::bundled());
    (a, g)
}

fn claims_of(body: &str, published: &str) -> Vec<(String, String, String, String, String, String)> {
    let (a, g) = article_of(body, published);
    let gaz = Gazetteer::bundled();
    extract(&a, &g, gaz)
        .into_iter()
        .map(|c| {
            (
                g.mentions[c.mention].text.clone(),
                c.claim_type.as_str().to_string(),
                c.actor.clone(),
                c.claimed_by.clone(),
                c.certainty.as_str().to_string(),
                c.date.iso(),
            )
        })
        .collect()
}

fn text_start(t: &str) -> usize {
    t.find("\n\n").map(|i| i + 2).unwrap_or(0)
}

/// (sentence, publication date, expected claims: place, type, actor, claimed_by, certainty, date)
type Row = (
    &'static str,
    &'static str,
    &'static [(
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
        &'static str,
    )],
);

const ROWS: &[Row] = &[
    (
        "Iraqi troops recaptured Rutba from the militants on Tuesday, the army said.",
        "19 May 2016",
        &[("Rutba", "captured", "iraqi_forces", "iraqi_forces", "claimed", "2016-05-17")],
    ),
    (
        "Kurdish peshmerga fighters seized the town of Zumar on Sunday.",
        "30 September 2014",
        &[("Zumar", "captured", "peshmerga", "reporter", "reported", "2014-09-28")],
    ),
    (
        "Hajin fell to the Syrian Democratic Forces on Friday, according to the Syrian Observatory for Human Rights.",
        "14 December 2018",
        &[("Hajin", "captured", "sdf", "unknown", "claimed", "2018-12-14")],
    ),
    (
        "Islamic State still holds Falluja, west of the capital.",
        "19 May 2016",
        &[("Falluja", "held", "islamic_state", "reporter", "reported", "2016-05-19")],
    ),
    (
        "The peshmerga withdrew from Makhmur on Tuesday.",
        "17 October 2017",
        &[("Makhmur", "lost", "peshmerga", "reporter", "reported", "2017-10-17")],
    ),
    (
        "Government forces could advance on Albu Kamal within days, a commander warned.",
        "3 November 2017",
        &[("Albu Kamal", "contested", "syrian_government", "syrian_government", "hedged", "2017-11-03")],
    ),
    (
        "The Hashd al-Shaabi drove Daesh out of Qayrawan on May 23.",
        "4 June 2017",
        &[("Qayrawan", "captured", "pmf", "reporter", "reported", "2017-05-23")],
    ),
    (
        "The monitor said the SDF had not yet entered Hajin.",
        "14 December 2018",
        &[("Hajin", "captured", "sdf", "unknown", "denied", "2018-12-14")],
    ),
    (
        "The town of Anah has been in Islamic State hands since June 2014.",
        "27 August 2017",
        &[("Anah", "held", "islamic_state", "reporter", "reported", "2017-08-27")],
    ),
    (
        "Anah had been in Islamic State hands since June 2014, when the militants swept in.",
        "27 August 2017",
        &[("Anah", "held", "islamic_state", "reporter", "reported", "2014-06")],
    ),
    (
        "An activist said Islamic State had held Anah since 2014.",
        "27 August 2017",
        &[("Anah", "held", "islamic_state", "unknown", "claimed", "2017-08-27")],
    ),
    (
        "The SDF pressed east. Its spokesman Talal Silo said fighters had captured al-Khatuniyah.",
        "13 November 2015",
        &[
            ("al-Khatuniyah", "captured", "sdf", "sdf", "claimed", "2015-11-13"),
        ],
    ),
    (
        "Peshmerga units moved south. Islamic State was driven out of Rabia on Sunday, officials said.",
        "30 September 2014",
        &[("Rabia", "captured", "peshmerga", "iraqi_forces", "claimed", "2014-09-28")],
    ),
    (
        "Islamic State no longer holds Rawa, the army said.",
        "3 November 2017",
        &[("Rawa", "lost", "islamic_state", "iraqi_forces", "claimed", "2017-11-03")],
    ),
    (
        "SDF fighters stormed Hajin on Friday. An activist said the town had fallen.",
        "15 December 2018",
        &[
            ("Hajin", "captured", "sdf", "reporter", "reported", "2018-12-14"),
            ("Hajin", "captured", "sdf", "unknown", "claimed", "2018-12-15"),
        ],
    ),
    (
        "Iraqi forces launched an offensive on Tal Afar on Sunday, a month after declaring victory in Mosul.",
        "21 August 2017",
        &[
            ("Tal Afar", "contested", "iraqi_forces", "reporter", "reported", "2017-08-20"),
            ("Mosul", "captured", "iraqi_forces", "reporter", "reported", "2017-07"),
        ],
    ),
    (
        "A YPG spokesman said heavy fighting was still going on in Hajin.",
        "14 December 2018",
        &[("Hajin", "contested", "sdf", "sdf", "claimed", "2018-12-14")],
    ),
    (
        "Russia's defence ministry said its jets hit only areas held by Islamic State.",
        "23 September 2017",
        &[],
    ),
    (
        "Islamic State fighters still hold the Euphrates.",
        "23 September 2017",
        &[],
    ),
    (
        "The SDF drove the last jihadists from a sliver of land in eastern Syria.",
        "23 March 2019",
        &[("Syria", "captured", "sdf", "reporter", "reported", "2019-03-23")],
    ),
    (
        "Islamic State fighters attacked Rawa. Officials said all the land the group had held near Rawa had been recaptured by the army.",
        "3 November 2017",
        &[
            ("Rawa", "contested", "islamic_state", "reporter", "reported", "2017-11-03"),
            ("Rawa", "captured", "iraqi_forces", "iraqi_forces", "claimed", "2017-11-03"),
        ],
    ),
    (
        "Iraqi forces launched an offensive to retake Anah on Thursday, the prime minister announced.",
        "21 September 2017",
        &[("Anah", "contested", "iraqi_forces", "iraqi_forces", "claimed", "2017-09-21")],
    ),
    (
        "Regime forces closed in on Albu Kamal, while the SDF said they had captured Tabqa.",
        "21 September 2017",
        &[
            ("Albu Kamal", "contested", "syrian_government", "reporter", "reported", "2017-09-21"),
            ("Tabqa", "captured", "sdf", "sdf", "claimed", "2017-09-21"),
        ],
    ),
    (
        "The jihadists have controlled Anah since the summer of 2014.",
        "21 September 2017",
        &[("Anah", "held", "islamic_state", "reporter", "reported", "2017-09-21")],
    ),
    (
        "Troops entered Rawa. IS has lost most of the land it seized in 2014, including Mosul, which Iraqi forces recaptured in July.",
        "21 September 2017",
        &[
            ("Rawa", "captured", "iraqi_forces", "reporter", "reported", "2017-09-21"),
            ("Mosul", "captured", "islamic_state", "reporter", "reported", "2014"),
            ("Mosul", "captured", "iraqi_forces", "reporter", "reported", "2017-07"),
        ],
    ),
    (
        "A U.S.-backed alliance of Kurdish and Arab militias said it had captured Tabqa.",
        "1 May 2017",
        &[("Tabqa", "captured", "sdf", "sdf", "claimed", "2017-05-01")],
    ),
    (
        "The city lies 40 km west of Raqqa, the jihadists' de facto capital in Syria.",
        "1 May 2017",
        &[("Raqqa", "held", "islamic_state", "reporter", "reported", "2017-05-01")],
    ),
    (
        "The Pentagon said the battle for Raqqa could begin within weeks.",
        "1 May 2017",
        &[],
    ),
    (
        "Islamic State fighters were still holed up in Maskanah.",
        "1 May 2017",
        &[("Maskanah", "held", "islamic_state", "reporter", "reported", "2017-05-01")],
    ),
    (
        "Peshmerga fighters stormed Sinjar. Their commander said the militants had pulled out toward Tal Afar and Mosul.",
        "13 November 2015",
        &[
            ("Sinjar", "captured", "peshmerga", "reporter", "reported", "2015-11-13"),
            ("Sinjar", "lost", "islamic_state", "peshmerga", "claimed", "2015-11-13"),
        ],
    ),
    (
        "Islamic State has held Sinjar since 2014. Sinjar became a base for its raids. Troops reached Tal Afar. The group denied losing the town.",
        "13 November 2015",
        &[
            ("Sinjar", "held", "islamic_state", "reporter", "reported", "2015-11-13"),
            ("Sinjar", "lost", "islamic_state", "islamic_state", "denied", "2015-11-13"),
        ],
    ),
    (
        "Yazidi militiamen were fighting on the eastern edge of Sinjar.",
        "13 November 2015",
        &[("Sinjar", "contested", "ybs", "reporter", "reported", "2015-11-13")],
    ),
    (
        "Peshmerga forces handed over Sinjar to the Hashd on Monday.",
        "17 October 2017",
        &[("Sinjar", "captured", "pmf", "reporter", "reported", "2017-10-16")],
    ),
    (
        "Government forces encircled the rebel-held zone around al-Tanf.",
        "7 June 2017",
        &[
            ("al-Tanf", "held", "syrian_rebels", "reporter", "reported", "2017-06-07"),
            ("al-Tanf", "contested", "syrian_government", "reporter", "reported", "2017-06-07"),
        ],
    ),
    (
        "Fighters advanced toward the Islamic State-held town of Rawa.",
        "3 November 2017",
        &[("Rawa", "held", "islamic_state", "reporter", "reported", "2017-11-03")],
    ),
    (
        "Rebels quit outposts on the Damascus-Baghdad highway. Hezbollah said the troops were besieging Humaymah.",
        "7 June 2017",
        &[("Humaymah", "contested", "syrian_government", "iran_backed_foreign", "claimed", "2017-06-07")],
    ),
    (
        "Iraqi paramilitaries massed near al-Qaim, which remains under Islamic State control.",
        "7 June 2017",
        &[("al-Qaim", "held", "islamic_state", "reporter", "reported", "2017-06-07")],
    ),
    (
        "Turkish officials warned that Islamic State could seize the border town of Kobani. YPG fighters have held most of the town.",
        "25 October 2014",
        &[
            ("Kobani", "captured", "islamic_state", "turkey", "hedged", "2014-10-25"),
            ("Kobani", "held", "sdf", "reporter", "reported", "2014-10-25"),
        ],
    ),
    (
        "Islamic State seized the Mosul Dam in August. The dam was recaptured days later by Kurdish and Iraqi forces.",
        "25 October 2014",
        &[
            ("Mosul Dam", "captured", "islamic_state", "reporter", "reported", "2014-08"),
            ("Mosul Dam", "captured", "peshmerga", "reporter", "reported", "2014-10-25"),
            ("Mosul Dam", "captured", "iraqi_forces", "reporter", "reported", "2014-10-25"),
        ],
    ),
    (
        "Syrian troops wrested control of the Euphrates town of Mayadin from Islamic State on Saturday.",
        "15 October 2017",
        &[("Mayadin", "captured", "syrian_government", "reporter", "reported", "2017-10-14")],
    ),
    (
        "Mayadin grew after the group was driven from much of Raqqa province by the US-backed Syrian Democratic Forces.",
        "15 October 2017",
        &[("Raqqa province", "captured", "sdf", "reporter", "reported", "2017-10-15")],
    ),
    (
        "A counter-attack by Islamic State near Deir Ezzor airport was repelled on Friday.",
        "15 October 2017",
        &[("Deir Ezzor airport", "contested", "islamic_state", "reporter", "reported", "2017-10-13")],
    ),
    (
        "US-backed Syrian fighters have taken most of Raqqa in a separate campaign.",
        "5 September 2017",
        &[("Raqqa", "held", "sdf", "reporter", "reported", "2017-09-05")],
    ),
    (
        "Hezbollah said the troops were besieging Humaymah. The claim could not be independently verified.",
        "7 June 2017",
        &[("Humaymah", "contested", "syrian_government", "iran_backed_foreign", "hedged", "2017-06-07")],
    ),
    (
        "Troops broke the siege of Deir Ezzor. The governor said troops were pushing on, and that the clearing of the rest of the city would follow.",
        "5 September 2017",
        &[
            ("Deir Ezzor", "contested", "syrian_government", "reporter", "reported", "2017-09-05"),
            ("Deir Ezzor", "contested", "syrian_government", "syrian_government", "hedged", "2017-09-05"),
        ],
    ),
    (
        "Islamic State fighters still control villages on the Tigris, between Qayyarah and Makhmour.",
        "12 March 2016",
        &[("Qayyarah", "held", "islamic_state", "reporter", "reported", "2016-03-12")],
    ),
    (
        "Peshmerga forces advanced on Makhmour on Friday night, a commander said.",
        "12 March 2016",
        &[("Makhmour", "contested", "peshmerga", "peshmerga", "claimed", "2016-03-11")],
    ),
    (
        "Turkish troops and allied Syrian rebels pushed into the Kurdish-held Afrin region on Sunday, Turkey's military said.",
        "22 January 2018",
        &[
            ("Afrin", "contested", "turkey", "turkey", "claimed", "2018-01-21"),
            ("Afrin", "contested", "syrian_rebels", "turkey", "claimed", "2018-01-21"),
            ("Afrin", "held", "sdf", "turkey", "claimed", "2018-01-22"),
        ],
    ),
    (
        "Jihadists lost the town of Sinjar in Idlib province to Syrian government forces last week.",
        "22 January 2018",
        &[
            ("Sinjar", "lost", "islamic_state", "reporter", "reported", "2018-W03"),
            ("Sinjar", "captured", "syrian_government", "reporter", "reported", "2018-W03"),
        ],
    ),
    (
        "Iraqi forces have entered the town of al-Qaim near the Syrian border, the Joint Operations Command said on Friday, as they push west.",
        "3 November 2017",
        &[("al-Qaim", "captured", "iraqi_forces", "iraqi_forces", "claimed", "2017-11-03")],
    ),
    (
        "Kurdish officials said capturing Rabia would cut a supply line.",
        "30 September 2014",
        &[("Rabia", "captured", "peshmerga", "kurdistan_region", "hedged", "2014-09-30")],
    ),
    (
        "The army advanced on Rawa from the town of Anah on Friday.",
        "3 November 2017",
        &[
            ("Rawa", "contested", "iraqi_forces", "reporter", "reported", "2017-11-03"),
            ("Anah", "held", "iraqi_forces", "reporter", "reported", "2017-11-03"),
        ],
    ),
    (
        "Fighters pressed on toward the Islamic State-held town of Rawa.",
        "3 November 2017",
        &[("Rawa", "held", "islamic_state", "reporter", "reported", "2017-11-03")],
    ),
    (
        "The Islamic State group is finished. The White House said all the territory the group had held in Syria had been recaptured.",
        "23 March 2019",
        &[("Syria", "lost", "islamic_state", "us_coalition", "claimed", "2019-03-23")],
    ),
    (
        "At its peak in 2014 and 2015, the self-proclaimed caliphate spread across large parts of Syria and Iraq.",
        "23 March 2019",
        &[
            ("Syria", "held", "islamic_state", "reporter", "reported", "2014"),
            ("Iraq", "held", "islamic_state", "reporter", "reported", "2014"),
        ],
    ),
    (
        "The extremists' self-declared caliphate once stretched across a third of Syria and Iraq.",
        "14 December 2018",
        &[
            ("Syria", "held", "islamic_state", "reporter", "reported", "2014"),
            ("Iraq", "held", "islamic_state", "reporter", "reported", "2014"),
        ],
    ),
    (
        "IS still controls Mosul, as well as Raqqa, the Syrian city it treats as its capital.",
        "5 March 2016",
        &[
            ("Mosul", "held", "islamic_state", "reporter", "reported", "2016-03-05"),
            ("Raqqa", "held", "islamic_state", "reporter", "reported", "2016-03-05"),
        ],
    ),
    (
        "Hajin was the main stronghold in the last strip of land IS controls in eastern Syria.",
        "14 December 2018",
        &[("Syria", "held", "islamic_state", "reporter", "reported", "2018-12-14")],
    ),
    (
        "Troops were heading for al-Ayadia, northwest of Tal Afar, where militants who escaped the town have gathered.",
        "27 August 2017",
        &[
            ("al-Ayadia", "held", "islamic_state", "reporter", "reported", "2017-08-27"),
            ("al-Ayadia", "contested", "iraqi_forces", "reporter", "reported", "2017-08-27"),
        ],
    ),
    (
        "Hundreds of IS fighters took refuge in Baghouz, a monitor said.",
        "10 March 2019",
        &[("Baghouz", "held", "islamic_state", "unknown", "claimed", "2019-03-10")],
    ),
    (
        "A monitor said 5,000 IS fighters were still inside Hajin on Thursday.",
        "14 December 2018",
        &[("Hajin", "held", "islamic_state", "unknown", "claimed", "2018-12-13")],
    ),
    (
        "SDF fighters hoisted their yellow flag over a building in Baghouz on Saturday.",
        "24 March 2019",
        &[("Baghouz", "held", "sdf", "reporter", "reported", "2019-03-23")],
    ),
    (
        "Islamic State has lost much of the land it seized in its sweep across much of northern Iraq last year.",
        "13 November 2015",
        &[("Iraq", "captured", "islamic_state", "reporter", "reported", "2014")],
    ),
    (
        "Iraqi troops entered Tal Afar on Friday. Troops cleared the Citadel on Saturday, operation commander Lt. Gen. Abdul Amir Yarallah said. IS still held the Askari district, and Yarallah said clashes were continuing on the northern outskirts.",
        "27 August 2017",
        &[
            ("Citadel", "captured", "iraqi_forces", "iraqi_forces", "claimed", "2017-08-26"),
            ("Tal Afar", "contested", "iraqi_forces", "iraqi_forces", "claimed", "2017-08-27"),
        ],
    ),
    (
        "Iraqi troops pushed into al-Qaim on Friday, the military said.",
        "3 November 2017",
        &[("al-Qaim", "contested", "iraqi_forces", "iraqi_forces", "claimed", "2017-11-03")],
    ),
    (
        "The SDF holds the land east of the Euphrates. On Monday Syrian soldiers and Iranian-backed militiamen crossed to the eastern side of the river.",
        "23 September 2017",
        &[
            ("Euphrates", "held", "sdf", "reporter", "reported", "2017-09-23"),
            ("Euphrates", "contested", "syrian_government", "reporter", "reported", "2017-09-18"),
            ("Euphrates", "contested", "iran_backed_foreign", "reporter", "reported", "2017-09-18"),
        ],
    ),
    (
        "The SDF seized Conoco, while government troops and Iranian-backed militias took Khsham. Both camps are expected to make a dash for Al-Omar.",
        "23 September 2017",
        &[
            ("Al-Omar", "contested", "sdf", "reporter", "hedged", "2017-09-23"),
            ("Al-Omar", "contested", "syrian_government", "reporter", "hedged", "2017-09-23"),
        ],
    ),
    (
        "Fighters of the Sinjar Resistance Units (YBS) had formed a defensive line in Sinjar, the outlet said.",
        "17 October 2017",
        &[("Sinjar", "held", "ybs", "unknown", "claimed", "2017-10-17")],
    ),
    (
        "By nightfall the border crossing at Rabia was in peshmerga hands, a commander said.",
        "29 May 2017",
        &[("Rabia", "captured", "peshmerga", "kurdistan_region", "claimed", "2017-05-29")],
    ),
    (
        "Islamic State fighters seized Sinjar in August 2014 as they captured Zumar.",
        "29 May 2017",
        &[("Zumar", "captured", "islamic_state", "reporter", "reported", "2014-08")],
    ),
    (
        "Iraqi troops advanced on Tal Afar on Saturday. Tal Afar has been held by the militants since 2014. The army launched the offensive on Sunday, officers said.",
        "29 May 2017",
        &[("Tal Afar", "contested", "iraqi_forces", "iraqi_forces", "claimed", "2017-05-28")],
    ),
    (
        "Islamic State still controls an estimated 40 villages around Hawija.",
        "29 May 2017",
        &[("Hawija", "held", "islamic_state", "reporter", "reported", "2017-05-29")],
    ),
    (
        "The SDF seized Hajin on Friday. Some militants fell back on nearby villages, the monitor said, while SDF units were hunting others through the fields around the town.",
        "15 December 2018",
        &[
            ("Hajin", "held", "islamic_state", "unknown", "claimed", "2018-12-15"),
            ("Hajin", "contested", "sdf", "unknown", "claimed", "2018-12-15"),
        ],
    ),
    (
        "Government troops retreated to Palmyra after the militants stormed Arak.",
        "29 May 2017",
        &[
            ("Palmyra", "held", "syrian_government", "reporter", "reported", "2017-05-29"),
            ("Arak", "captured", "islamic_state", "reporter", "reported", "2017-05-29"),
        ],
    ),
    (
        "Overnight, a Peshmerga fighter reported that Hashd heavy artillery was being moved into Kocho.",
        "17 October 2017",
        &[("Kocho", "held", "pmf", "peshmerga", "claimed", "2017-10-16")],
    ),
    (
        "About 200 US troops are stationed at Al-Tanf.",
        "29 May 2017",
        &[("Al-Tanf", "held", "us_coalition", "reporter", "reported", "2017-05-29")],
    ),
    (
        "Rebels seized the Al-Tanf crossing on Friday. Clashes had broken out on Thursday, when rebel units attacked IS positions at the post.",
        "5 March 2016",
        &[("Al-Tanf crossing", "contested", "syrian_rebels", "reporter", "reported", "2016-03-03")],
    ),
    (
        "Rebels seized the Al-Tanf crossing on Friday. Islamic State overran the frontier post in May 2015 after government troops withdrew.",
        "5 March 2016",
        &[
            ("Al-Tanf crossing", "captured", "islamic_state", "reporter", "reported", "2015-05"),
            ("Al-Tanf crossing", "lost", "syrian_government", "reporter", "reported", "2015-05"),
        ],
    ),
    (
        "Talal Silo said fighters of the SDF had captured al-Khatuniyah.",
        "13 November 2015",
        &[("al-Khatuniyah", "captured", "sdf", "unknown", "claimed", "2015-11-13")],
    ),
    (
        "A spokesman said units of the Iraqi army had entered Rawa.",
        "29 May 2017",
        &[("Rawa", "captured", "iraqi_forces", "iraqi_forces", "claimed", "2017-05-29")],
    ),
    (
        "The road south leads toward Markada, a smaller town on the Khabur river which Islamic State still controls.",
        "19 February 2016",
        &[("Markada", "held", "islamic_state", "reporter", "reported", "2016-02-19")],
    ),
    (
        "The army said it was preparing an assault on Hit, a town on the Euphrates that has been held by Islamic State since October 2014.",
        "19 February 2016",
        &[
            ("Hit", "contested", "iraqi_forces", "iraqi_forces", "claimed", "2016-02-19"),
            ("Hit", "held", "islamic_state", "iraqi_forces", "claimed", "2016-02-19"),
        ],
    ),
    (
        "The SDF took Shaddadi. The monitor said pockets of militants were still holding out in its southern districts.",
        "19 February 2016",
        &[("Shaddadi", "held", "islamic_state", "unknown", "claimed", "2016-02-19")],
    ),
    (
        "\"We have liberated Sinjar,\" the peshmerga said.",
        "13 November 2015",
        &[("Sinjar", "captured", "peshmerga", "peshmerga", "claimed", "2015-11-13")],
    ),
    (
        "\"Sinjar is liberated,\" Masoud Barzani, the president of the autonomous Kurdish region, told reporters on a hilltop overlooking the town.",
        "13 November 2015",
        &[("Sinjar", "captured", "peshmerga", "kurdistan_region", "claimed", "2015-11-13")],
    ),
    (
        "The army reached Sinjar. By Friday morning they had entered the centre.",
        "29 May 2017",
        &[("Sinjar", "captured", "iraqi_forces", "reporter", "reported", "2017-05-26")],
    ),
    // "which" may be the field or the village; the village's capture stands
    (
        "The SDF seized Khsham, near the al-Omar oil field, which Islamic State still holds.",
        "23 September 2017",
        &[("Khsham", "captured", "sdf", "reporter", "reported", "2017-09-23")],
    ),
    (
        "The SDF seized villages near the al-Omar oil field, the largest in Syria, which Islamic State still holds.",
        "23 September 2017",
        &[("al-Omar oil field", "held", "islamic_state", "reporter", "reported", "2017-09-23")],
    ),
    (
        "A military source quoted by state news agency SANA said army units had restored security and stability to Mayadin.",
        "14 October 2017",
        &[("Mayadin", "captured", "syrian_government", "syrian_government", "claimed", "2017-10-14")],
    ),
    (
        "The army took Mayadin. The monitor said government forces were in control of most of the town but that fighting continued on its eastern edge.",
        "14 October 2017",
        &[("Mayadin", "contested", "syrian_government", "unknown", "claimed", "2017-10-14")],
    ),
    (
        "Iraqi forces regained control of the town of Anah in western Anbar province on Thursday.",
        "22 September 2017",
        &[("Anah", "captured", "iraqi_forces", "reporter", "reported", "2017-09-21")],
    ),
    (
        "Iraqi forces regained control of Anah on Thursday. The town was declared free of Islamic State fighters late on Thursday, according to a military spokesman.",
        "22 September 2017",
        &[("Anah", "captured", "iraqi_forces", "iraqi_forces", "claimed", "2017-09-21")],
    ),
    (
        "In a counter-attack earlier this month, IS briefly recaptured two villages south of Anah before being pushed back, an officer said.",
        "22 September 2017",
        &[("Anah", "captured", "islamic_state", "iraqi_forces", "claimed", "2017-09")],
    ),
    (
        "Iraqi commanders have said they expect to retake al-Qaim by the end of the year.",
        "22 September 2017",
        &[("al-Qaim", "captured", "iraqi_forces", "iraqi_forces", "hedged", "2017-09-22")],
    ),
    (
        "Iraqi forces took Anah on Thursday. The offensive is the last phase of a campaign that drove IS from Mosul in July.",
        "22 September 2017",
        &[("Mosul", "captured", "iraqi_forces", "reporter", "reported", "2017-07")],
    ),
    (
        "Fighters of the Popular Mobilisation Forces secured Um Jrais and several other hamlets south of Sinjar, a PMF spokesman said.",
        "2 June 2017",
        &[
            ("Um Jrais", "captured", "pmf", "pmf", "claimed", "2017-06-02"),
            ("Sinjar", "captured", "pmf", "pmf", "claimed", "2017-06-02"),
        ],
    ),
    (
        "On the Syrian side, Islamic State still holds Albu Kamal and much of the Euphrates valley.",
        "2 June 2017",
        &[
            ("Albu Kamal", "held", "islamic_state", "reporter", "reported", "2017-06-02"),
            ("Euphrates valley", "held", "islamic_state", "reporter", "reported", "2017-06-02"),
        ],
    ),
    (
        "ISIL, which declared a so-called caliphate across large parts of Iraq and Syria in June, still holds Sinjar and much of western Nineveh.",
        "1 October 2014",
        &[
            ("Sinjar", "held", "islamic_state", "reporter", "reported", "2014-10-01"),
            ("Nineveh", "held", "islamic_state", "reporter", "reported", "2014-10-01"),
        ],
    ),
    (
        "The militants still hold Rawa, across the river, and the border town of al-Qaim further west.",
        "22 September 2017",
        &[
            ("Rawa", "held", "islamic_state", "reporter", "reported", "2017-09-22"),
            ("al-Qaim", "held", "islamic_state", "reporter", "reported", "2017-09-22"),
        ],
    ),
    (
        "Government troops reached the outskirts of Mayadin on Sunday.",
        "29 May 2017",
        &[("Mayadin", "contested", "syrian_government", "reporter", "reported", "2017-05-28")],
    ),
    (
        "A Kurdish security official said Peshmerga units east of Shingal had beaten off an attack by Hashd fighters.",
        "17 October 2017",
        &[("Shingal", "contested", "pmf", "kurdistan_region", "claimed", "2017-10-17")],
    ),
    (
        "Peshmerga forces in Zumar repelled an attack by Islamic State fighters on Sunday.",
        "29 May 2017",
        &[("Zumar", "contested", "islamic_state", "reporter", "reported", "2017-05-28")],
    ),
];

/// Claims a sentence must not give: (sentence, publication date, claims as in ROWS).
const NOT: &[Row] = &[
    (
        "IS fighters in the besieged town of Hajin fired on SDF positions.",
        "29 May 2017",
        &[("Hajin", "contested", "islamic_state", "reporter", "reported", "2017-05-29")],
    ),
    (
        "The militants still hold Rawa, officials said, and Baghdad is worried.",
        "22 September 2017",
        &[("Baghdad", "held", "islamic_state", "iraqi_forces", "claimed", "2017-09-22")],
    ),
    (
        "Iraqi forces launched a push into the Euphrates valley on Tuesday.",
        "22 September 2017",
        &[("Euphrates valley", "captured", "iraqi_forces", "reporter", "reported", "2017-09-19")],
    ),
    (
        "Both areas are in Nineveh province, of which Mosul is the capital, and sit between territory held by the militants in Iraq and in Syria.",
        "4 June 2017",
        &[("Nineveh province", "held", "islamic_state", "reporter", "reported", "2017-06-04")],
    ),
    (
        "Iraqi troops took over the Sinjar district, northwest of Mosul. A joint force moved into the centre of the town.",
        "17 October 2017",
        &[("Mosul", "captured", "iraqi_forces", "reporter", "reported", "2017-10-17")],
    ),
    (
        "Militants attacked units of the Iraqi army in Rawa.",
        "29 May 2017",
        &[("Rawa", "contested", "iraqi_forces", "reporter", "reported", "2017-05-29")],
    ),
    (
        "Rutba lies south of a border crossing into Syria that IS still controls.",
        "19 May 2016",
        &[("Syria", "held", "islamic_state", "reporter", "reported", "2016-05-19")],
    ),
    (
        "Heavy artillery was moved into Kocho overnight.",
        "17 October 2017",
        &[("Kocho", "captured", "unknown", "reporter", "reported", "2017-10-16")],
    ),
    (
        "Rabia is still in peshmerga hands.",
        "29 May 2017",
        &[("Rabia", "captured", "peshmerga", "reporter", "reported", "2017-05-29")],
    ),
    (
        // the holding describes what was lost; on the day of the report it is not held
        "Islamic State fighters attacked Rawa. Officials said all the land the group had held near Rawa had been recaptured by the army.",
        "3 November 2017",
        &[("Rawa", "held", "islamic_state", "iraqi_forces", "claimed", "2017-11-03")],
    ),
    (
        // the land IS controls is in eastern Syria; Hajin is only part of it
        "Hajin was the main stronghold in the last strip of land IS controls in eastern Syria.",
        "14 December 2018",
        &[("Hajin", "held", "islamic_state", "reporter", "reported", "2018-12-14")],
    ),
    (
        // "once" is not the day of the report
        "The caliphate once spread across a third of Syria and Iraq.",
        "14 December 2018",
        &[("Syria", "held", "islamic_state", "reporter", "reported", "2018-12-14")],
    ),
    (
        // a self-declared caliphate is not a speaker
        "The extremists' self-declared caliphate once spread across a third of Syria and Iraq.",
        "14 December 2018",
        &[("Syria", "held", "islamic_state", "islamic_state", "claimed", "2014")],
    ),
    (
        // villages around it, then named: the named ones are meant
        "SDF fighters seized Hajin. IS fighters still hold a handful of villages around it, among them Sousa and Shaafah.",
        "14 December 2018",
        &[("Hajin", "held", "islamic_state", "reporter", "reported", "2018-12-14")],
    ),
    (
        // in IS hands until it fell: not held on the day it fell
        "Hajin, the last sizeable town in the hands of the Islamic State group, fell on Friday to the SDF.",
        "14 December 2018",
        &[("Hajin", "held", "islamic_state", "reporter", "reported", "2018-12-14")],
    ),
    (
        // allies are one camp: "both camps" are the SDF and the government, not the government
        // and its militias
        "The SDF seized Conoco, while government troops and Iranian-backed militias took Khsham. Both camps are expected to make a dash for Al-Omar.",
        "23 September 2017",
        &[("Al-Omar", "contested", "iran_backed_foreign", "reporter", "hedged", "2017-09-23")],
    ),
];

#[test]
fn sentences_do_not_give_claims() {
    for (body, published, never) in NOT {
        let got = claims_of(body, published);
        for w in *never {
            assert!(
                !got.iter().any(|g| (
                    g.0.as_str(),
                    g.1.as_str(),
                    g.2.as_str(),
                    g.3.as_str(),
                    g.4.as_str(),
                    g.5.as_str()
                ) == *w),
                "{body}\n must not give {w:?}\n got {got:?}"
            );
        }
    }
    // and what the Sousa row's sentence does give
    let row = NOT
        .iter()
        .find(|r| r.0.contains("Sousa"))
        .expect("the Sousa row");
    let got = claims_of(row.0, row.1);
    assert!(
        got.iter().any(|g| g.0 == "Sousa" && g.1 == "held"),
        "{got:?}"
    );
}

#[test]
fn sentences_give_claims() {
    for (body, published, want) in ROWS {
        let got = claims_of(body, published);
        for w in *want {
            let w = (
                w.0.to_string(),
                w.1.to_string(),
                w.2.to_string(),
                w.3.to_string(),
                w.4.to_string(),
                w.5.to_string(),
            );
            assert!(got.contains(&w), "{body}\n want {w:?}\n got {got:?}");
        }
    }
}

#[test]
fn negation_never_becomes_a_capture() {
    let got = claims_of(
        "Officials said the army did not capture Rawa on Monday.",
        "6 November 2017",
    );
    assert!(
        got.iter().all(|c| !(c.1 == "captured" && c.4 != "denied")),
        "{got:?}"
    );
}

#[test]
fn a_place_together_with_what_lies_beside_it() {
    // the village and, as a relative place, the lake beside it (not beside Hasaka)
    let body = "SDF fighters had captured al-Khatuniyah, a village roughly 50 km east of Hasaka, together with the lake beside it.";
    let (a, g) = article_of(body, "13 November 2015");
    let gaz = Gazetteer::bundled();
    let got: Vec<(String, Option<&str>)> = extract(&a, &g, gaz)
        .iter()
        .map(|c| {
            (
                g.mentions[c.mention].text.clone(),
                c.relative.map(|r| g.relatives[r].relation.as_str()),
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            ("al-Khatuniyah".to_string(), None),
            ("al-Khatuniyah".to_string(), Some("near"))
        ]
    );
}

/// The actors of a sentence found by [`sentence_starts`] are those whose sentence it is, for
/// generated articles (sentences with no actor, at the start and end too).
#[test]
fn actor_starts_give_each_sentences_actors() {
    let mut next = crate::testutil::xorshift();
    for _ in 0..500 {
        let sentences = (next() % 12) as usize;
        let mut actors = Vec::new();
        for s in 0..sentences {
            for _ in 0..next() % 4 {
                actors.push(ActorMention::plain(0, 1, "sdf", s));
            }
        }
        let starts = sentence_starts(actors.iter().map(|a| a.sentence), sentences);
        assert_eq!(starts.len(), sentences + 1);
        for s in 0..sentences {
            let plain: Vec<usize> = (0..actors.len())
                .filter(|&i| actors[i].sentence == s)
                .collect();
            assert_eq!((starts[s]..starts[s + 1]).collect::<Vec<_>>(), plain, "{s}");
        }
    }
}

/// The places of a sentence found by [`sentence_starts`] are those whose sentence it is, in the
/// articles of the tables; the mentions come in text order, as the searches that stop at a
/// token count on.
#[test]
fn mention_starts_give_each_sentences_places() {
    let gaz = Gazetteer::bundled();
    for (body, published, _) in ROWS {
        let (a, g) = article_of(body, published);
        let ctx = Ctx::new(&a, &g, gaz);
        assert!(g
            .mentions
            .windows(2)
            .all(|w| w[0].tok_start < w[1].tok_start && w[0].start < w[1].start));
        for s in 0..ctx.toks.sentences.len() {
            let plain: Vec<usize> = g.mentions_in(s).map(|(i, _)| i).collect();
            assert_eq!(
                ctx.sentence_mentions(s).collect::<Vec<_>>(),
                plain,
                "{body} {s}"
            );
        }
    }
    // items of sentences past the last (none here) and sentences with none
    let mut next = crate::testutil::xorshift();
    for _ in 0..500 {
        let sentences = (next() % 12) as usize;
        let mut items = Vec::new();
        for s in 0..sentences + 2 {
            for _ in 0..next() % 3 {
                items.push(s);
            }
        }
        let starts = sentence_starts(items.iter().copied(), sentences);
        assert_eq!(starts.len(), sentences + 1);
        for s in 0..sentences {
            let plain: Vec<usize> = (0..items.len()).filter(|&i| items[i] == s).collect();
            assert_eq!((starts[s]..starts[s + 1]).collect::<Vec<_>>(), plain, "{s}");
        }
        assert_eq!(
            starts[sentences],
            items.iter().filter(|&&s| s < sentences).count()
        );
    }
}

/// `MentionReach` says a mention covers tokens `i..te` when one of the mentions does, asked at
/// each token in order, for the articles of the tables and generated mentions in token order
/// (overlapping, some without a point).
#[test]
fn mention_reach_is_any_covering_mention() {
    let check = |mentions: &[crate::geoparse::Mention], n: usize, step: usize| {
        let mut reach = MentionReach::new(mentions);
        let mut i = 0;
        while i < n {
            let (any, point) = reach.at(i);
            for te in i + 1..i + 6 {
                let covers = |m: &&crate::geoparse::Mention| m.tok_start <= i && m.tok_end >= te;
                assert_eq!(any >= te, mentions.iter().any(|m| covers(&m)), "{i} {te}");
                assert_eq!(
                    point >= te,
                    mentions.iter().filter(covers).any(|m| m.point.is_some()),
                    "{i} {te}"
                );
            }
            i += step;
        }
    };
    let mut template = None;
    for (body, published, _) in ROWS {
        let (_, g) = article_of(body, published);
        check(&g.mentions, g.tokens.tokens.len() + 2, 1);
        template = template.or(g.mentions.first().cloned());
    }
    let template = template.expect("a table article names a place");
    let mut next = crate::testutil::xorshift();
    for _ in 0..500 {
        let mut mentions = Vec::new();
        let mut t = 0;
        for _ in 0..next() % 8 {
            t += (next() % 4) as usize;
            let mut m = template.clone();
            m.tok_start = t;
            m.tok_end = t + 1 + (next() % 5) as usize;
            m.point = (next() % 3 != 0).then_some((0.0, 0.0));
            mentions.push(m);
        }
        check(&mentions, t + 8, 1 + (next() % 3) as usize);
    }
}

/// The speech phrases kept for a sentence are those found looking at it again, asked about in
/// and out of order, in the articles of the tables.
#[test]
fn kept_speech_phrases_are_the_sentences() {
    let gaz = Gazetteer::bundled();
    let mut next = crate::testutil::xorshift();
    for (body, published, _) in ROWS {
        let (a, g) = article_of(body, published);
        let ctx = Ctx::new(&a, &g, gaz);
        let n = ctx.toks.sentences.len();
        for _ in 0..3 * n {
            let s = next() as usize % n;
            assert_eq!(
                &*ctx.speech_phrases(s),
                &ctx.find_speech_phrases(s)[..],
                "{body} {s}"
            );
        }
    }
}

/// The event tokens found in one pass over the article are those each sentence's tokens say,
/// in the articles of the tables.
#[test]
fn sentence_events_are_the_event_words() {
    let gaz = Gazetteer::bundled();
    for (body, published, _) in ROWS {
        let (a, g) = article_of(body, published);
        let ctx = Ctx::new(&a, &g, gaz);
        for sent in &ctx.toks.sentences {
            let plain: Vec<usize> = (sent.tok_start..sent.tok_end)
                .filter(|&k| ctx.event_at(k))
                .collect();
            assert_eq!(
                sentence_events(&ctx, sent.tok_start, sent.tok_end),
                plain,
                "{body}"
            );
        }
    }
}

/// The next event found among a sentence's events is the one found looking at each token
/// after the event, in the articles of the tables.
#[test]
fn next_event_among_a_sentences_events() {
    let gaz = Gazetteer::bundled();
    for (body, published, _) in ROWS {
        let (a, g) = article_of(body, published);
        let ctx = Ctx::new(&a, &g, gaz);
        for sent in &ctx.toks.sentences {
            let events = sentence_events(&ctx, sent.tok_start, sent.tok_end);
            for t in sent.tok_start..=sent.tok_end {
                let plain = (t..sent.tok_end).find(|&j| {
                    ctx.event_at(j) && !matches!(ctx.word(j), "held" | "control" | "hands")
                });
                assert_eq!(next_event(&ctx, events, t), plain, "{body} {t}");
            }
        }
    }
}

/// The nearest speech phrase and the first left of the event, found in one pass, are those of
/// sorting the phrases by their distance to the event (a stable sort: the first of the nearest).
#[test]
fn nearest_speech_is_the_first_after_sorting_by_distance() {
    let mut next = crate::testutil::xorshift();
    for _ in 0..20_000 {
        let n = (next() % 6) as usize;
        let phrases: Vec<Speech> = (0..n)
            .map(|_| {
                let a = (next() % 30) as usize;
                let b = a + 1 + (next() % 3) as usize;
                (a, b, "said", next() % 2 == 0)
            })
            .collect();
        let t = (next() % 30) as usize;
        // the plain computation
        let mut sorted = phrases.clone();
        let first_left = sorted.iter().filter(|f| !f.3).map(|f| f.0).min();
        sorted.sort_by_key(|(a, b, _, _)| if *b <= t { t - *b } else { a.saturating_sub(t) });
        assert_eq!(
            nearest_speech(phrases.iter().copied(), t),
            (first_left, sorted.first().copied()),
            "{phrases:?} {t}"
        );
    }
}

/// `hedges_whole_sentence` on a phrase's words says what the plain test on the words joined by
/// spaces says, for every hedge of the lexicon and random phrases of lexicon-like words.
#[test]
fn hedges_whole_sentence_is_the_joined_phrase_test() {
    let joined = |phrase: &[&str]| {
        let p = phrase.join(" ");
        p.contains("known") || p == "unconfirmed" || p.starts_with("warned")
    };
    let mut phrases: Vec<Vec<&str>> = lexicon::HEDGES_TSV
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| {
            l.split('\t')
                .next()
                .unwrap_or("")
                .split_whitespace()
                .collect()
        })
        .collect();
    assert!(phrases.len() > 10);
    let pool = [
        "known",
        "unknown",
        "not",
        "whether",
        "unconfirmed",
        "warned",
        "warn",
        "ed",
        "warnedly",
        "may",
        "is",
        "it",
        "unconfirmedly",
        "kno",
        "wn",
        "",
        "to",
    ];
    let mut next = crate::testutil::xorshift();
    for _ in 0..2000 {
        let n = (next() % 4) as usize;
        phrases.push(
            (0..n)
                .map(|_| pool[(next() % pool.len() as u64) as usize])
                .collect(),
        );
    }
    for phrase in &phrases {
        assert_eq!(hedges_whole_sentence(phrase), joined(phrase), "{phrase:?}");
        assert_eq!(phrase == &["may"], phrase.join(" ") == "may", "{phrase:?}");
    }
}
