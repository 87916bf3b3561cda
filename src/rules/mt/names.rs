//! Given names that tell a person's gender, for `mt/pronoun-gender`.
//!
//! Common given names from the languages wire copy names people in, each used for one gender
//! only. Left out on purpose: names given to both (Andrea, Jean, Jan, Kim, Alex, Dana, Nicola,
//! Sasha, Robin, Jordan, Lindsay, Kelsey, Courtney, Tendai), names that are also places or common
//! words (Victoria, Georgia, Florence, Austin, Grace, Hope, Will, Rose, Mercedes, Amber, Ruby, Joy,
//! Sue, Chelsea, Isla, Angus), names as often surnames (Hillary, Haley, Kamau) or brands (Lotte),
//! names whose gender differs between languages (Michal, Nikita, Noa, Dewi) and names written
//! with accents, which the rule does not read as given names.

/// Women's given names, lower case.
pub(crate) const FEMALE: &str = "
    abigail ada adela adriana agata agatha agathe agnes agnieszka aida aileen aisha aisling
    akiko alejandra aleksandra alessandra alexandra alicia alice alina alison amal amanda amelia
    amina amy ana anastasia angela angelica angelina anita anja anjali ann anna annabel anne
    annette annika antonella antonia araceli astrid aurelie ayesha barbara beata beatrice
    beatriz bernadette beth bethany betty beverly bianca birgit brenda bridget brigitte brittany
    camila camille carla carmen carol caroline carolyn catalina catherine cecilia celine
    chiara chloe christina christine cindy claire clara clare claudia colleen constance
    corinne cristina cynthia daniela danielle daphne deborah debra deepika denise diana diane
    dolores donna doris dorota dorothy edith eileen elaine eleanor elena elisa elisabeth elise
    eliza elizabeth ella ellen eloise elsa emilia emily emma erica erika esperanza esther eva
    evelyn ewa fatima fatma felicity fernanda fiona francesca francine frances gabriela 
    gabrielle galina gemma genevieve geraldine gertrude gillian gina giovanna giulia giuseppina
    gladys gloria greta gretchen gwen hana hanna hannah harriet heather heidi helen helena helga
    hiroko hilda ida ilse ines ingrid irene irina isabel isabella isabelle jacqueline janet janice
    jasmine jennifer jenny jessica joan joanna joanne josefina josephine joyce juana judith judy
    julia juliana julie juliette justyna karen karin karina katarzyna katharina katherine kathleen
    kathryn katrin katrina kayla keiko kerstin kimberly kristina laila lakshmi laura lauren layla
    leah leila lena leticia liliana lillian linda lisa liudmila lorena lori louise lucia lucy
    ludmila luisa lydia lyudmila madeleine magdalena maeve malgorzata manuela marcela margaret
    margarita margot maria mariam mariana marianne marie marisol marta martha martina
    maryam mary matilda maureen megan melanie melissa mia michaela michelle mildred miriam monica
    monika nadia nadine nancy naomi natalia natalie natasha nathalie nicole niamh nina noemi
    nora olga olivia oksana paola patricia paula paulina pauline penelope petra pilar priscilla
    priya rachel rebecca renata rita roberta rosa rosalind rosemary roxana ruth sabine
    sabrina samantha sandra sara sarah silvia siobhan sofia sonia sophia sophie stephanie
    sunita susan susanne suzanne svetlana sylvia sylvie tamara tatiana teresa theresa tiffany
    ulrike ursula valentina valeria valerie vanessa vera veronica veronika vivian wanda wendy
    wilhelmina yasmin yolanda yoko yulia yvonne zainab zoe zofia zuzana
    adaeze chidinma folake funmilayo yetunde abena akosua njeri wambui achieng nomvula thandiwe
    zodwa nokuthula lindiwe busisiwe fatou aminata mariama sakura haruka aiko naoko megumi
    yumiko kumiko emiko ananya aishwarya kavita meena pooja neha shreya divya asha radha sita
    geeta rekha nirmala shanti huda salma rania dalia farah hiba lina maha samira soraya shirin
    parisa zahra fatemeh elif zeynep emine merve solveig ragnhild liv hanne mette pernille signe
    jelena milica ivana marija dragana vesna ljubica bozena halina danuta jadwiga irena zdenka
    jana lenka mere hine ximena rocio lourdes consuelo soledad milagros yesenia maribel luz
    kate katie jane jill abby liz meg sharon shirley kamala melania jacinda sally peggy
    marjorie molly emilie nikki kristen kirsten kristin hayley jenna tina gail lynne carrie kara
    tara sheila maggie rosie ellie evie freya erin aoife saoirse ciara sinead orla roisin grainne
    caoimhe aroha ngaire anahera mereana wairimu wanjiru tigist meron hiwot ayse leyla ozlem
    selin ebru gulsen ioana andreea mihaela zsuzsa katalin erzsebet ildiko aino anneli tuula
    eleni katerina despina yael tamar shira rivka siti joana thais larissa olena nataliya
    tetiana iryna yekaterina natalya yelena anastasiya sanne femke anouk marloes sigrid
    ingeborg maja agneta birgitta kirsti malin ebba nkechi ngozi amaka funke bisi zanele palesa
    naledi nomsa chipo rutendo
";

/// Men's given names, lower case.
pub(crate) const MALE: &str = "
    aaron abdullah abdul adam adrian ahmad ahmed alan albert alberto alejandro aleksandr
    alessandro alexander alexandre alexei alfonso alfred alfredo ali alistair amir amit anders
    andre andreas andrei andres andrew andrzej angelo anthony antoine anton antonio arjun arnold
    arthur arturo bartosz benjamin bernard bernardo bilal bob bobby boris brendan brian
    bruce bruno bryan carl carlo carlos cesar charles christoph christopher claude
    colin conor craig cristian daniel dario darius dave david declan dennis derek diego dieter
    dimitri dmitri dmitry domenico donald duncan dylan eduardo edward emilio emmanuel
    enrique eric erik ernesto ethan fabio fabrizio fedor felipe felix fernando filippo
    francesco francisco franco francois frank franz fred frederick friedrich gabriel gareth gary
    gavin george gerald gerard gerhard giacomo gianluca gilbert giorgio giovanni giuseppe gordon
    graham gregory guido guillermo gunther gustavo hamid hans harold harry hassan hector heinrich
    helmut henri henrik henry herbert hiroshi horst howard hussein ian ibrahim igor ivan
    jack jacob jacques jake james jason javier jeffrey jeremy jerome jerry jesse jim joachim
    joe joel johan johann johannes john jonathan jorge jose josef joseph joshua juan julian
    justin karl karol keith kenji kenneth kevin khalid klaus konstantin krzysztof
    kwame kyle lars laurent lawrence leonardo leon leonid lorenzo louis luca lucas luigi luis
    lukas luke magnus mahmoud malcolm manfred manuel marc marcel marcin marco marcus mario mark
    martin mateusz mathieu matteo matthew matthias maurice maxim mehmet michael michel
    miguel mikhail miroslav mohamed mohammad mohammed muhammad mustafa nathan neil nicholas
    nick nicolas niels nigel nikolai nikolaos noah norbert olaf oleg oliver olivier omar 
    oskar otto owen pablo paolo patrice patricio patrick paul pavel pawel pedro peter philip
    philipp philippe pierre piotr rafael rahul rainer rajesh ramon randy raphael raul
    raymond reinhard ricardo richard robert roberto rodrigo roger roland ronald rory
    roy ruben rudolf russell ryan salvatore samuel sandro sanjay scott sean sebastian
    sergei sergey sergio simon stanislav stefan stefano stephen steve steven stuart sven tariq
    thomas thorsten tim timothy tobias tom tomas tomasz tony travis tyler ulrich umberto uwe
    valentin vasily victor vijay vincent vincenzo vladimir walter werner wilhelm william
    wolfgang xavier yaroslav yusuf yuri zachary
    chukwuemeka emeka obinna chidi tunde babajide kofi kwabena yaw kwesi kojo thabo sipho
    themba bongani mandla jabulani moussa mamadou ousmane ibrahima abdoulaye cheikh amadou
    seydou takashi kazuo haruto daisuke shinji satoshi yuto ravi suresh ramesh ashok anil sunil
    rajiv manoj prakash deepak vikram arvind nikhil rohit sandeep ajay youssef karim samir
    nabil tarek walid faisal hamza ayman reza mehdi hossein farhad kamran emre murat ahmet burak
    hakan serkan milos dragan zoran goran dusan bogdan radoslaw jaroslaw zbigniew wojciech
    jakub ondrej jiri vaclav bjarne einar gunnar knut leif mats rune stig wiremu hemi tane
    rawiri gonzalo ignacio joaquin mauricio agustin esteban hernan osvaldo
    dan ben matt mike pete ted rick ron doug greg jeff ken larry vlad mitch chuck hank hugo
    benedict rishi keir liam cian eoin seamus padraig niall ciaran fergus hamish euan tamati
    matiu baraka dawit cem kemal recep ozan mihai gheorghe vasile florin laszlo zoltan gabor
    istvan janos juha matti jukka pekka antti giorgos yannis kostas dimitris nikos vangelis avi
    yosef moshe yossi itzhak budi agus joko bambang hendra slamet luiz thiago vinicius volodymyr
    mykola bohdan taras oleksandr serhiy petro yevgeny nikolay vyacheslav gennady joost pieter
    bram jeroen maarten thijs sjoerd bjorn jens erling kjell arne soren morten chinedu ifeanyi
    nnamdi olumide segun femi sello lwazi sifiso
";

#[cfg(test)]
mod tests {
    use super::{FEMALE, MALE};
    use std::collections::HashSet;

    const LEFT_OUT: &str =
        "andrea jean jan kim alex dana nicola sasha robin jordan lindsay kelsey \
        courtney tendai victoria georgia florence austin grace hope will rose mercedes amber ruby \
        joy sue chelsea isla angus hillary haley kamau lotte michal nikita noa dewi";

    #[test]
    fn each_name_once_for_one_gender_and_none_left_out() {
        let mut seen = HashSet::new();
        for name in FEMALE.split_whitespace().chain(MALE.split_whitespace()) {
            assert!(name.bytes().all(|b| b.is_ascii_lowercase()), "{name}");
            assert!(seen.insert(name), "{name} is listed twice");
        }
        for name in LEFT_OUT.split_whitespace() {
            assert!(!seen.contains(name), "{name} is given to both or is a word");
        }
    }
}
