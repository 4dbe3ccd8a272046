/**
 * Apps written against Laravel- and Mongo-era APIs type ids as integers. Our ids are strings (token `sub`s,
 * directory ids): an all-digit id that fits a safe integer goes out as a number, any other id as the string it is.
 */
export const looseId = (id: string): number | string => (/^(0|[1-9]\d{0,14})$/.test(id) ? Number(id) : id);
