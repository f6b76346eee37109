import { ValidationError } from '../../errors';
import { inputText } from '../../text';
import { hasNote, screeningQuestions, type ScreeningQuestion } from './model';
import type { ScreeningAnswers } from './screening-outcome';

/** The input id of a question's note. */
export const noteId = (question: ScreeningQuestion): string => `${question}Note`;

/** A note's limit (answers are shorter). */
const NOTE_MAX = 500;

/** The screening card's inputs, as trimmed strings cut just past their limit (anything else in the payload is ignored). */
export function pickScreeningInputs(data: Record<string, unknown>): Record<string, string> {
  const inputs: Record<string, string> = {};
  for (const id of screeningQuestions.flatMap((question) =>
    hasNote(question) ? [question, noteId(question)] : [question],
  )) {
    const value = data[id];
    if (typeof value === 'string') inputs[id] = inputText(value, NOTE_MAX);
  }
  return inputs;
}

/**
 * Validates the owner's screening answers (P5): every question yes or no, except whether processing
 * changed since 25 May 2018, which is asked only when it began before; notes at most 500 characters.
 */
export function parseScreening(inputs: Record<string, string>): {
  answers: ScreeningAnswers;
  notes: Partial<Record<ScreeningQuestion, string>>;
} {
  const errors: Record<string, string> = {};
  const answers: Record<string, boolean> = {};
  const notes: Partial<Record<ScreeningQuestion, string>> = {};
  const before2018 = inputs.processingBeganBefore2018_05_25 === 'yes';
  for (const question of screeningQuestions) {
    const value = inputs[question];
    if (value === 'yes' || value === 'no') answers[question] = value === 'yes';
    else if (question === 'changedSince2018' && !before2018) answers[question] = false;
    else errors[question] = 'dpia.errors.required';
    const note = inputs[noteId(question)];
    if (note && note.length > NOTE_MAX) errors[question] = 'dpia.errors.tooLong';
    else if (note) notes[question] = note;
  }
  if (Object.keys(errors).length > 0) throw new ValidationError(errors);
  return { answers: answers as unknown as ScreeningAnswers, notes };
}
