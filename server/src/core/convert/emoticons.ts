/**
 * Legacy emoticon names (`ac:emoticon ac:name`) → the Cloud editor's emoji. Atlassian's own
 * emoji use ids like `atlassian-check_mark`; standard ones use their Unicode code point.
 */

export interface Emoji {
  readonly shortName: string;
  readonly id: string;
  readonly text: string;
}

const e = (shortName: string, id: string, text: string): Emoji => ({ shortName, id, text });

export const EMOTICONS: Readonly<Record<string, Emoji>> = {
  smile: e(':slight_smile:', '1f642', '🙂'),
  sad: e(':slight_frown:', '1f641', '🙁'),
  cheeky: e(':stuck_out_tongue:', '1f61b', '😛'),
  laugh: e(':smiley:', '1f603', '😃'),
  wink: e(':wink:', '1f609', '😉'),
  'thumbs-up': e(':thumbsup:', '1f44d', '👍'),
  'thumbs-down': e(':thumbsdown:', '1f44e', '👎'),
  information: e(':info:', 'atlassian-info', ':info:'),
  tick: e(':check_mark:', 'atlassian-check_mark', ':check_mark:'),
  cross: e(':cross_mark:', 'atlassian-cross_mark', ':cross_mark:'),
  warning: e(':warning:', 'atlassian-warning', ':warning:'),
  plus: e(':plus:', 'atlassian-plus', ':plus:'),
  minus: e(':minus:', 'atlassian-minus', ':minus:'),
  question: e(':question:', 'atlassian-question_mark', ':question:'),
  'light-on': e(':light_bulb_on:', 'atlassian-light_bulb_on', ':light_bulb_on:'),
  'light-off': e(':light_bulb_off:', 'atlassian-light_bulb_off', ':light_bulb_off:'),
  'yellow-star': e(':yellow_star:', 'atlassian-yellow_star', ':yellow_star:'),
  'red-star': e(':red_star:', 'atlassian-red_star', ':red_star:'),
  'green-star': e(':green_star:', 'atlassian-green_star', ':green_star:'),
  'blue-star': e(':blue_star:', 'atlassian-blue_star', ':blue_star:'),
  heart: e(':heart:', '2764', '❤️'),
  'broken-heart': e(':broken_heart:', '1f494', '💔'),
};
