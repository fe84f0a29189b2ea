// SPDX-License-Identifier: MIT
pragma solidity 0.8.28;

import {ERC721} from "@openzeppelin/contracts/token/ERC721/ERC721.sol";
import {IERC721Receiver} from "@openzeppelin/contracts/token/ERC721/IERC721Receiver.sol";

/// @dev A contract receiver of request NFTs that answers `answer`, records what it was told and
///      takes the ETH of the requests it claims.
contract RequestReceiver is IERC721Receiver {
    bytes4 public immutable answer;
    address public operator;
    address public from;
    uint256 public requestId;
    bytes public data;

    constructor(bytes4 answer_) {
        answer = answer_;
    }

    function onERC721Received(address operator_, address from_, uint256 requestId_, bytes calldata data_)
        external
        returns (bytes4)
    {
        operator = operator_;
        from = from_;
        requestId = requestId_;
        data = data_;
        return answer;
    }

    receive() external payable {}
}

/// @dev OpenZeppelin's stock ERC-721, only to price its mint beside the queue's in the gas snapshot.
contract StockERC721 is ERC721 {
    constructor() ERC721("Stock", "STK") {}

    function mint(address to, uint256 tokenId) external {
        _mint(to, tokenId);
    }
}
