/** Common given names (English and those frequent in international news). A span starting with one is a person. */
export const FIRST_NAMES = new Set(`
Aaron Abdul Abdullah Adam Adrian Ahmed Ahmad Alan Albert Alex Alexander Alexandra Alexei Alexey Ali Alice Alicia
Alison Amanda Amy Ana Andrea Andreas Andrei Andrew Andrey Andy Angela Ann Anna Anne Anthony Antony Antonio Arnold Arthur
Ashley Barack Barbara Ben Benjamin Bernard Bernie Beth Betty Bill Billy Bob Bobby Boris Brad Brandon Brenda Brett Brian
Bruce Bryan Carl Carlos Carol Caroline Catherine Charles Charlie Chris Christian Christina Christine Christopher
Claire Craig Daniel Danny Dave David Dean Deborah Denis Dennis Diana Diane Dmitry Dmitri Dmytro Don Donald Doug Douglas
Duncan Ed Eddie Edward Elena Elizabeth Ellen Emily Emma Emmanuel Emanuel Eric Erik Evan Fatima Felix Fernando
Frank Fred Gabriel Gary Gavin Geoffrey George Gerald Gerhard Gina Glen Gordon Grace Greg Gregg Gregory Hannah
Harold Harry Heather Helen Henry Hillary Howard Hugh Ian Igor Irene Isaac Ivan Jack Jacob James Jamal Jane Janet Jason
Jean Jeff Jeffrey Jennifer Jens Jeremy Jerry Jessica Jim Jimmy Joan Joanna Joe Joel John Johnny Jon Jonathan Jordan
Jose José Joseph Josh Joshua Juan Judith Julia Julian Julie Justin Karen Kate Katherine Katie Kathleen Keith Kelly
Ken Kenneth Kevin Kim Kirk Kristen Kurt Larry Laura Lauren Lee Leo Leonid Linda Lindsay Lisa Liz Louis Louise Lucy Luis
Luke Manuel Marco Margaret Maria Marie Marine Mark Martin Mary Matt Matthew Maria Megan Melissa Michael Michel
Michelle Miguel Mike Mikhail Mohammed Muhammad Mohammad Nancy Natalia Natalie Nathan Neil Nicholas Nick Nicola
Nicolas Nikolai Nina Oleg Oleksii Oleksandr Olga Oliver Pablo Pamela Patricia Patrick Paul Pavel Peter Petro
Philip Phillip Pierre Rachel Ralph Ramzan Randy Ray Rebecca Recep Richard Rick Rishi Rob Robert Robin Robyn Roger
Ronald Rory Rose Roy Ruth Ryan Sally Sam Samantha Samuel Sandra Sarah Scott Sean Sebastian Sergey Sergei Serhiy Sharon
Shinzo Simon Sophie Stephen Steve Steven Stuart Susan Tara Ted Terry Theresa Thomas Tim Timothy Tina Todd Tom Tommy Tony
Tracy Valerie Vanessa Victor Victoria Vincent Vitali Vitaly Vladimir Volodymyr Walter Wayne Wendy William Willie Wladimir
Xi Yulia Yuri Zach Zachary Emmanuel Angela Olaf Keir Rishi Theresa Jacinda Narendra Justin Jair Abiy Bashar Hassan
Ebrahim Benjamin Yair Naftali Recep Kamala Mitch Nancy Chuck Lindsey Ron Marco Pete Ilhan Alexandria Elon Jeff Mark Sundar
Tim Satya Jamie Warren Rupert Gene Chuck Catherine Luke Julian Andrew Dan Antony Sergey Malcolm Marcus Omar Hamid Hussein Khalid Yusuf Mustafa Reza Hiroshi Kenji Yuki Wei
Helmut Angela Francois François Juergen Jürgen Klaus Hans Pedro Jorge Carmen Lucia Rosa Raul Ricardo Eduardo Sergio
`.trim().split(/\s+/));
