-- Common given names across cultures, written by hand for glean from general knowledge
-- of naming (no external source). Space-separated, grouped loosely by language area.
-- Names that are also ordinary English words in lowercase (`will`, `mark`, `rose`)
-- only count when capitalised; places that are also names (`Jordan`, `Georgia`) are
-- decided by context in entities.lua.
return {
  -- English
  [[Aaron Abby Abigail Adam Adrian Agnes Alan Albert Alec Alex Alexander Alexandra Alexis
  Alfred Alice Alicia Alison Allan Allen Allison Alvin Amanda Amber Amelia Amy Andrea Andrew
  Andy Angela Angie Anita Ann Anna Anne Annette Annie Anthony Antony April Archie Arnold Arthur
  Ashley Audrey Austin Barbara Barry Bart Beatrice Becky Ben Benjamin Bernard Bernie Bert Beth
  Betty Beverly Bill Billy Blake Bob Bobby Bonnie Boris Brad Bradley Brandon Brenda Brendan
  Brett Brian Bridget Britney Brooke Bruce Bryan Bryony Caitlin Callum Calvin Cameron Carl
  Carla Carol Caroline Carolyn Carrie Casey Catherine Cathy Charles Charlie Charlotte Chelsea
  Cheryl Chloe Chris Christian Christina Christine Christopher Chuck Cindy Claire Clara Clare
  Clarence Claudia Clifford Clint Clive Colin Connie Connor Craig Crystal Curtis Cynthia Dale
  Damian Damien Dan Dana Daniel Danielle Danny Darren Dave David Dawn Dean Debbie Deborah
  Debra Declan Dennis Derek Diana Diane Dick Dolly Don Donald Donna Doris Dorothy Doug
  Douglas Duncan Dustin Dwight Dylan Earl Ed Eddie Edgar Edith Edmund Edward Edwin Eileen
  Elaine Eleanor Elijah Elizabeth Ella Ellen Ellie Elliot Elliott Elsie Elton Emily Emma Eric
  Erica Erin Ernest Ethan Eugene Eva Evan Evelyn Faith Fiona Florence Frances Francis Frank
  Frankie Fred Freddie Frederick Gail Gareth Garry Gary Gavin Gemma Gene Geoff Geoffrey George
  Georgia Gerald Geraldine Gerry Gilbert Gillian Gina Glen Glenn Gloria Gordon Grace Graham
  Grant Greg Gregory Gwen Gwyneth Hannah Harold Harriet Harrison Harry Harvey Hayley Heather
  Heidi Helen Henry Herbert Hilary Hillary Holly Howard Hugh Hugo Ian Imogen Irene Isaac
  Isabel Isabella Isla Ivan Jack Jackie Jacob Jacqueline Jake James Jamie Jane Janet Janice
  Jason Jay Jean Jeff Jeffrey Jenna Jennifer Jenny Jeremy Jerry Jesse Jessica Jill Jim Jimmy
  Jo Joan Joanna Joanne Jodie Joe Joel Joey John Johnny Jon Jonathan Jordan Joseph Josh
  Joshua Joy Joyce Judith Judy Julia Julian Julie Justin Karen Kate Katherine Kathleen Kathryn
  Kathy Katie Kay Keith Kelly Ken Kenneth Kenny Kerry Kevin Kim Kimberly Kirk Kirsty Kyle
  Lance Larry Laura Lauren Laurence Lawrence Leah Lee Len Leonard Les Lesley Leslie Lewis
  Liam Lily Linda Lindsay Lindsey Lisa Liz Lloyd Lois Lorraine Louis Louise Lucas Lucy Luke
  Lydia Lynn Madeleine Madison Maggie Malcolm Mandy Marcus Margaret Maria Marian Marie
  Marilyn Marion Mark Martha Martin Martina Marty Marvin Mary Matt Matthew Maureen Maurice Max
  Megan Mel Melanie Melissa Mervyn Michael Michelle Mick Mickey Mike Mildred Millie Miranda
  Mitchell Molly Monica Morgan Morris Muriel Nancy Naomi Natalie Nathan Neil Nicholas Nick
  Nicky Nicola Nicole Nigel Noel Nora Norman Oliver Olivia Oscar Owen Paddy Pamela Pat Patricia
  Patrick Paul Paula Pauline Peggy Penelope Penny Percy Pete Peter Phil Philip Phillip Phoebe
  Phyllis Polly Rachel Ralph Randy Ray Raymond Rebecca Reg Reginald Rhys Richard Rick Ricky
  Rob Robbie Robert Robin Rod Rodney Roger Ron Ronald Ronnie Rory Rosemary Ross Roy Ruby
  Russell Ruth Ryan Sally Sam Samantha Samuel Sandra Sarah Scott Sean Seth Shane Shannon
  Sharon Shaun Sheila Shirley Sian Sidney Simon Sophie Stacey Stanley Stella Stephanie
  Stephen Steve Steven Stewart Stuart Sue Susan Suzanne Sylvia Tamsin Tania Tanya Ted Teresa
  Terence Terry Tess Thelma Theo Theodore Theresa Thomas Tim Timothy Tina Toby Todd Tom Tommy
  Tony Tracey Tracy Trevor Troy Tyler Valerie Vanessa Vera Vernon Veronica Vicky Victor
  Victoria Vince Vincent Violet Virginia Wade Walter Warren Wayne Wendy Wesley Will William
  Willie Winston Yvonne Zach Zachary Zoe]],
  -- American and other English-speaking
  [[Aiden Alyssa Angelina Antwan Ashton Avery Barack Beau Bernadette Billie Blair Bo Brady
  Brent Brittany Brody Bud Buddy Buster Butch Byron Cal Candice Carlton Carmen Cassie Chad
  Chandler Chase Cheyenne Chip Clay Clayton Cody Cole Colton Courtney Dakota Dallas Darius
  Darnell Darryl Deandre Deion Denzel Derrick Destiny Devin Dewey Dick Dominique Donovan
  Drew Duane Dwayne Earvin Elvis Emmitt Ernie Garth Hank Hunter Jalen Jamal Jared Jarrod Jayden
  Jeb Jerome Jesse Jody Johnnie Jonah Karl Kayla Keanu Kendall Kendrick Kobe Kristen Kurt
  LaToya Lamar Landon Latoya Leroy Logan Lonnie Luther Lyndon Mackenzie Madonna Marcia Mario
  Marshall Mason Maxine Mitt Nelson Newt Noah Orlando Orville Parker Perry Quentin Randall
  Reggie Rex Rhonda Riley Rudy Rusty Sammy Serena Shaquille Sherman Skip Spencer Stacy Tiger
  Tiffany Tom Travis Trent Tristan Ty Tyrone Venus Vivian Wallace Ward Wilbur Woodrow Wyatt]],
  -- Scottish, Irish, Welsh
  [[Aidan Aileen Ailsa Alastair Alasdair Alistair Angus Aoife Bronwen Cailean Cathal Ciaran
  Cillian Colm Conor Cormac Dafydd Deirdre Donal Dougal Eamon Eamonn Eilidh Eithne Emlyn
  Euan Ewan Fergal Fergus Finbar Finn Fionn Gethin Glyn Gwyn Hamish Iain Ieuan Ifan Iwan
  Kieran Lachlan Liam Lorcan Mairead Mairi Malachy Mhairi Moira Morag Niall Niamh Oisin
  Padraig Peadar Rhiannon Roisin Ruairi Seamus Sean Shona Siobhan Sorcha Tadhg Una]],
  -- French
  [[Adele Adrien Aime Alain Albane Amandine Amelie Anais Andre Antoine Arnaud Aurelie Axel
  Baptiste Benoit Bernadette Bertrand Brigitte Bruno Camille Cecile Celine Chantal Christophe
  Claude Clement Clementine Colette Corinne Damien Delphine Denis Didier Dominique Edouard
  Eloise Emile Emilie Emmanuel Emmanuelle Etienne Fabien Fabienne Fabrice Florian Francois
  Francoise Franck Frederic Gael Gaelle Gaston Genevieve Gerard Gilles Guillaume Guy Helene
  Henri Herve Hugues Isabelle Jacques Jean-Claude Jean-Francois Jean-Louis Jean-Luc
  Jean-Marie Jean-Paul Jean-Pierre Jeanne Jerome Joelle Josephine Jules Julien Laetitia
  Laurent Leon Lionel Loic Lucien Manon Marc Marcel Margaux Marine Martine Mathieu Maxime
  Michel Michele Mireille Monique Nathalie Nicolas Olivier Pascal Pascale Patrice Philippe
  Pierre Raphael Regis Remi Renaud Rene Sebastien Segolene Serge Simone Solange Sophie
  Stephane Sylvain Sylvie Thierry Thibault Valery Veronique Xavier Yann Yannick Yves Zinedine]],
  -- German, Dutch, Scandinavian
  [[Anders Andreas Anja Anke Annika Arne Astrid Axel Bengt Bernd Birgit Bjorn Britta Bodo
  Carsten Christoph Claus Dagmar Detlef Dieter Dirk Egon Elke Erik Erika Ernst Esther Fritz
  Gerhard Gerd Gertrud Gisela Gottfried Gudrun Gunnar Gunter Gustav Hans Hans-Dietrich
  Hans-Peter Hans-Jurgen Hartmut Heike Heiko Heinrich Heinz Helga Helmut Henrik Hermann
  Hildegard Horst Ingrid Ingo Ivar Jan Jens Joachim Johan Johann Johannes Jorg Jorgen Jurgen
  Karin Karl-Heinz Katarina Kirsten Klaus Knut Kurt Lars Lena Lothar Lukas Lutz Magnus Maja
  Manfred Margit Markus Marten Matthias Monika Nils Olaf Ole Oskar Otto Pernilla Per Petra
  Rainer Ralf Reinhard Renate Rolf Rudolf Rudi Rune Sabine Sigmar Sigrid Silke Siegfried
  Sonja Stefan Steffen Sten Sven Thorsten Til Torsten Ulf Ulla Ulrich Ulrike Ursula Uwe
  Volker Walther Werner Wilfried Wilhelm Willem Wim Wolfgang Arjen Bart Dick Dirk Edwin
  Frank Frans Geert Gerrit Guus Hendrik Henk Jaap Jeroen Joost Kees Klaas Koen Maarten
  Marco Mark Niels Piet Pieter Ruud Sander Sjaak Theo Thijs Wouter Ruben Dennis Patrick
  Annemarie Femke Ilse Ineke Marijke Mies Saskia Wilma Agneta Birgitta Eva Frida Ingmar
  Kjell Lasse Leif Mats Mikael Niklas Ola Pekka Sami Seppo Tapio Timo Tuomas Jari Jarmo
  Kimi Mika Matti Jussi Kari Esa Harri Heikki Juha Janne Teemu Tarja Sanna Paavo Martti]],
  -- Italian, Spanish, Portuguese, Latin American
  [[Adriana Alberto Alejandro Alessandra Alessandro Alfonso Alfredo Alvaro Ana Andres
  Angel Angelo Antonella Antonio Arturo Beatriz Benito Bernardo Bruno Camila Carlo Carlos
  Carolina Catalina Cesar Cesare Chiara Cristiano Cristina Daniela Dario Davide Diego Domenico
  Eduardo Elena Elisa Emilio Enrique Enrico Ernesto Esteban Eva Fabio Federico Felipe Fernanda
  Fernando Filippo Francesca Francesco Francisco Gabriel Gabriela Gabriele Giacomo Gianluca
  Gianni Gilberto Giorgio Giovanna Giovanni Giulia Giulio Giuseppe Gonzalo Guadalupe Guido
  Guillermo Gustavo Hector Hugo Ignacio Ines Isabel Jaime Javier Jesus Joaquin Jorge Jose
  Josefina Juan Juana Julio Leonardo Lorenzo Lucia Luciano Luigi Luis Luisa Manuel Manuela
  Marcelo Marcello Marco Margarita Mariano Marisol Massimo Mateo Matteo Mauricio Maurizio
  Mercedes Miguel Nicola Nicolo Norberto Octavio Oscar Pablo Paola Paolo Patricio Pedro
  Pietro Pilar Rafael Raffaele Ramon Raul Renato Ricardo Riccardo Roberto Rocio Rodrigo
  Romano Rosa Rosario Ruben Salvador Salvatore Santiago Sergio Silvio Silvia Simona Sofia
  Stefano Teresa Tomas Umberto Valentina Valentino Vicente Vincenzo Vittorio Walter Ximena
  Xavi Zapatero Agostinho Alexandre Alvaro Anderson Andreia Antonio Artur Caio Carla
  Cristiano Diogo Edson Fabiana Fabiano Fernanda Gilberto Goncalo Helder Joao Joaquim Jorge
  Jose Juliana Leandro Luiz Marcio Mariana Nuno Paulo Pele Rafaela Renata Romario Ronaldo
  Rivaldo Rogerio Sebastiao Tiago Vitor Zico Kaka Dunga Ronaldinho Emerson Denilson Cafu]],
  -- Greek, Slavic, Baltic, Hungarian, Romanian, Balkan
  [[Alexis Anastasia Andreas Constantine Costas Dimitris Dimitrios Eleni Georgios Giorgos
  Ioannis Kostas Konstantinos Maria Nikos Nikolaos Panagiotis Spyros Stavros Theodoros Vasilis
  Yannis Yiannis Aleksander Aleksandr Aleksandra Aleksei Alexei Anatoly Andrei Andrey Anton
  Arkady Bogdan Boris Borislav Dmitri Dmitry Dragan Dusan Evgeny Fyodor Galina Gennady Goran
  Grigory Hristo Igor Ilya Irina Ivana Ivica Jaroslav Jiri Josef Jozef Katarina Katya Kiril
  Konstantin Krzysztof Ladislav Leonid Lech Lyudmila Maciej Marek Marina Milan Milos Miroslav
  Mikhail Natalia Natasha Nikita Nikolai Nikolay Oleg Olga Pavel Pavol Petr Piotr Radovan
  Radek Ratko Robert Roman Ruslan Sergei Sergey Slobodan Stanislav Svetlana Tadeusz Tatiana
  Tatyana Tomasz Vaclav Valentin Valentina Valery Vasily Viktor Vitaly Vladimir Vladislav
  Vojislav Vyacheslav Wladyslaw Wojciech Yegor Yelena Yevgeny Yuri Yury Zbigniew Zdenek
  Zoran Zeljko Zlatko Zoltan Gyula Istvan Laszlo Ferenc Sandor Janos Imre Tibor Attila Peter
  Ion Ilie Gheorghe Nicolae Mircea Adrian Traian Florin Bogdana Ionut Ilir Sali Edi Agim
  Ibrahim Hashim Arben Alija Haris Emir Edin Nermin Jadranka Biljana Snezana Vesna Mirjana]],
  -- Arabic, Turkish, Persian
  [[Abdel Abdelaziz Abdallah Abdul Abdulaziz Abdullah Abdulrahman Abu Adel Ahmad Ahmed Ali
  Amin Amina Amir Amr Anwar Ashraf Ayman Aziz Bashar Bassam Fadi Fahd Faisal Farid Farouk
  Fatima Fawzi Fouad Gamal Habib Hafez Hamad Hamid Hamza Hani Hassan Hatem Hisham Hosni Hossein
  Hussein Ibrahim Imad Ismail Issa Jamal Jassim Kamal Karim Khaled Khalid Khalil Layla Leila
  Mahmoud Majid Marwan Mohamed Mohammad Mohammed Muhammad Mona Moussa Mustafa Nabil Nadia Naguib
  Nasser Nawaf Nour Omar Osama Qasim Rafik Rafiq Rami Rania Rashid Riad Saad Saddam Said Salah
  Saleh Salim Salman Sami Samir Sayed Sultan Tarek Tareq Tariq Walid Yasser Yassin Yousef
  Youssef Yusuf Zaid Zainab Ziad Ahmet Ali Aydin Bulent Burak Cem Deniz Emine Emre Erdogan
  Hakan Hasan Huseyin Kemal Mehmet Mesut Murat Mustafa Necmettin Nihat Orhan Recep Selim
  Serkan Tansu Tayyip Turgut Yilmaz Abbas Akbar Ali-Akbar Farhad Hashemi Javad Mahmoud
  Mehdi Mir-Hossein Mohsen Reza Shirin Zahra]],
  -- South Asian
  [[Aamir Abhishek Aditya Ajay Akshay Amit Amitabh Anand Anil Anita Anjali Arjun Arun
  Arundhati Ashok Atal Benazir Deepak Dev Dinesh Farooq Gita Gopal Govind Harbhajan Imran
  Inzamam Indira Jawaharlal Javed Kapil Karan Kiran Krishna Kumar Lakshmi Lalu Mahendra
  Manmohan Meena Mohan Mukesh Mushtaq Nawaz Narendra Nitin Pervez Pooja Priya Priyanka Rahul
  Raj Rajesh Rajiv Rakesh Ram Ramesh Ranjit Ravi Rohit Sachin Sanjay Saurav Shahid Shahrukh
  Shane Sharad Shashi Shoaib Sonia Sourav Sunil Suresh Sushma Vijay Vikram Vinod Virender
  Wasim Waqar Yuvraj Zaheer Zulfikar Chandrika Ranil Mahinda Sanath Aravinda Muttiah Arjuna
  Sheikh Hasina Khaleda Mujibur Rahman Ziaur Ershad]],
  -- East and Southeast Asian
  [[Akira Akihito Atsushi Daisuke Hideki Hideo Hiroshi Hiroyuki Ichiro Junichiro Kazuo Keiko
  Kenji Koichi Makoto Masako Masaru Naoko Naoto Nobuo Ryutaro Satoshi Shigeru Shinzo Shinji
  Shintaro Takashi Takeshi Taro Tetsuya Tomoko Toshiki Yasuo Yoko Yoshiro Yoshihiko Yukio
  Yuko Yusuke Chen Deng Hu Jiang Jiabao Jintao Jinping Li Lin Liu Mao Peng Qian Wang Wei Wen
  Xi Xiaoping Yang Zemin Zhang Zhao Zhou Zhu Rongji Kai Ming Hong Jun Yan Ying Yong Xiao
  Dae-jung Moo-hyun Myung-bak Geun-hye Jae-in Kim Park Roh Lee Sung Jong-il Jong-un Il-sung
  Ban Ki-moon Nguyen Thanh Thi Van Minh Hung Duc Thaksin Chuan Surayud Yingluck Abhisit
  Mahathir Anwar Najib Abdullah Suharto Sukarno Megawati Susilo Joko Gloria Ferdinand
  Corazon Fidel Joseph Benigno Rodrigo Lee Goh Hun Sen Norodom Aung Suu Than Shwe Hamid]],
  -- African
  [[Abebe Abiola Adebayo Ade Adewale Akinwande Amadou Ama Ameyaw Babatunde Bola Chinua
  Chidi Chukwu Desmond Didier Emeka Femi Folake Goodluck Haile Hosni Idi Isaias Jacob Jomo
  Joseph Julius Kabila Kagame Kenneth Kofi Kwame Kwesi Laurent Mamadou Meles Moussa Mwai Nelson
  Nnamdi Nkosazana Obafemi Olusegun Oluwaseun Robert Samuel Seydou Sipho Tabo Thabo Uhuru
  Wole Yaya Yoweri Zuma Jacob Cyril Thandeka Themba Winnie Oliver Patrice Mobutu Sese Seko
  Charles Frederick Levy Sam Salva Omar Muammar Moammar Abdelaziz Zine Habib Habib Haile
  Mengistu Jerry John Kufuor Ellen Johnson George Weah Samuel Eto'o Didier Drogba Jay-Jay
  Nwankwo Kanu Okocha Taribo Finidi Sunday Celestine Rigobert Roger Milla]],
  -- Israeli and Jewish
  [[Avi Avigdor Ariel Benjamin Binyamin Chaim Ehud Eli Eliezer Gideon Golda Itzhak Moshe
  Natan Reuven Shimon Shaul Shlomo Tzipi Uri Yael Yaakov Yitzhak Yossi Zvi Menachem Dov
  Efraim Ephraim Amos Amnon Dan Dani Danny Avraham Naftali Yair Tzachi Yuval Ilan Shira]],
  -- more common English-language given names
  [[Abe Ada Alfie Alma Amos Angus Annabel Antonia Archibald Augustus Barney Basil Benedict
  Bertie Betsy Blanche Bradford Bryce Caleb Carmel Cecil Cedric Celia Clarissa Claudette
  Clifton Conrad Cora Cornelius Cyril Daisy Darcy Delia Della Desmond Dexter Dominic Dora
  Edna Effie Eleanora Eliza Ellis Elmer Eloise Elsa Emmett Enid Erin Ernestine Esme Ethel
  Eunice Ezra Felicity Felix Flora Floyd Forrest Freda Gabrielle Garfield Gertrude Gideon
  Gladys Godfrey Greta Guy Harriet Hazel Hector Herman Homer Horace Ida Ingram Iris Irving
  Ivy Jasper Jed Jemima Jethro Josie Jude Julius Kit Lana Leo Leona Leopold Lester Lillian
  Lionel Lottie Lucille Mabel Magnus Marge Marjorie Marlon Matilda Maud Maxwell Meredith
  Milton Minnie Mona Monty Myra Myrtle Nathaniel Ned Nell Nellie Nina Norma Olive Ophelia
  Otis Pearl Phineas Quincy Ralph Reuben Rhoda Roderick Roland Rosalind Rose Rosie Rowan
  Rufus Rupert Russ Sadie Sebastian Selina Seymour Sheldon Silas Sybil Tabitha Thaddeus
  Tobias Ursula Virgil Wilfred Willa Winifred Wilma Zelda]],
}
